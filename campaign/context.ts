import type { Db } from 'mongodb';
import { participantId, type Participant } from '../config/campaign.js';
import { checkId } from '../config/ids.js';
import type { Question } from '../dataset/schema.js';
import type { ProviderProfile } from '../providers/profiles.js';
import type { TemplateSet } from '../scoring/judge-template.js';
import type { CampaignDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { loadQuestions } from '../store/datasets.js';
import { notFound } from './failures.js';
import { loadRefinementJudging, type RefinementJudging } from './refinement-context.js';
import { storedTemplateSet, withSettingsSnapshot, type CampaignSettings } from './settings-snapshot.js';

export interface CampaignContext {
  doc: CampaignDoc & CampaignSettings;
  questions: Map<string, Question>;
  templates: TemplateSet;
}

export type LoadedCampaign = CampaignDoc & CampaignSettings;

/** A campaign document by id, with its settings snapshot (older documents get one, stored once). */
export async function loadCampaign(db: Db, campaignId: string): Promise<LoadedCampaign> {
  const { campaigns } = collections(db);
  const doc = await campaigns.findOne({ _id: checkId('campaign id', campaignId) });
  if (!doc) throw notFound(`campaign ${campaignId} does not exist`);
  const migrated = await withSettingsSnapshot(doc);
  if (migrated !== doc) await campaigns.updateOne({ _id: campaignId, settingsHash: { $exists: false } }, { $set: { templates: migrated.templates, settingsHash: migrated.settingsHash } });
  return migrated;
}

/**
 * What the call steps need about a campaign, cached per process: the document (config and settings snapshot),
 * its questions and its judge templates. The cache holds documents only; clients and rate gates live elsewhere.
 */
export class CampaignContexts {
  private readonly contexts = new Map<string, Promise<CampaignContext>>();
  private readonly refinements = new Map<string, Promise<RefinementJudging>>();

  constructor(private readonly db: Db) {}

  get(campaignId: string): Promise<CampaignContext> {
    let context = this.contexts.get(campaignId);
    if (!context) {
      context = this.load(campaignId);
      this.contexts.set(campaignId, context);
      context.catch(() => this.contexts.delete(campaignId));
    }
    return context;
  }

  /** Drops the cache entry, e.g. after a campaign grew new models or judges. */
  forget(campaignId: string): void {
    this.contexts.delete(campaignId);
  }

  private async load(campaignId: string): Promise<CampaignContext> {
    const doc = await loadCampaign(this.db, campaignId);
    const questions = new Map((await loadQuestions(this.db, doc.datasetId)).map((q) => [q.id, q]));
    return { doc, questions, templates: storedTemplateSet(doc.templates) };
  }

  /** What judging for a refinement needs, cached like the campaign (a refinement's versions never change). */
  refinement(campaignId: string, refinementId: string): Promise<RefinementJudging> {
    let judging = this.refinements.get(refinementId);
    if (!judging) {
      judging = this.get(campaignId).then((context) => loadRefinementJudging(this.db, context, refinementId));
      this.refinements.set(refinementId, judging);
      judging.catch(() => this.refinements.delete(refinementId));
    }
    return judging;
  }

  /** A model or judge of the campaign by id; reloads once in case the campaign grew since it was cached. */
  async participant(campaignId: string, role: 'models' | 'judges', id: string): Promise<{ participant: Participant; profile: ProviderProfile; context: CampaignContext }> {
    for (const fresh of [false, true]) {
      if (fresh) this.forget(campaignId);
      const context = await this.get(campaignId);
      const participant = context.doc.config[role].find((p) => participantId(p) === id);
      const profile = participant && context.doc.profiles[participant.profile];
      if (participant && profile) return { participant, profile, context };
    }
    throw notFound(`campaign ${campaignId} has no ${role === 'models' ? 'model' : 'judge'} "${id}"`);
  }
}

export function questionOf(context: CampaignContext, id: string): Question {
  const question = context.questions.get(id);
  if (!question) throw notFound(`question ${id} is not in dataset ${context.doc.datasetId}`);
  return question;
}
