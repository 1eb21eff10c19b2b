import type { Db } from 'mongodb';
import { participantId, type CampaignConfig, type Participant, type RateLimits } from '../config/campaign.js';
import type { Question } from '../dataset/schema.js';
import type { Provider } from '../providers/contract.js';
import { createProvider } from '../providers/create-provider.js';
import type { ProviderProfile } from '../providers/profiles.js';
import { RateGate } from '../ratelimit/rate-gate.js';
import { BUILTIN_TEMPLATE_DIR, loadTemplates } from '../scoring/template-loader.js';
import type { TemplateSet } from '../scoring/judge-template.js';
import { campaignCollections, type CampaignDoc } from '../store/campaign-docs.js';
import { loadQuestions } from '../store/datasets.js';

export interface CampaignContext {
  doc: CampaignDoc;
  questions: Map<string, Question>;
  templates: TemplateSet;
}

const LIMITS_REFRESH_MS = 5_000;

/**
 * What call activities need about a campaign, cached per worker process: the campaign document (config and
 * profile snapshots), its questions, judge templates, one provider client and one rate gate per profile.
 */
export class CampaignContexts {
  private readonly contexts = new Map<string, Promise<CampaignContext>>();
  private readonly providers = new Map<string, Provider>();
  private readonly gates = new Map<string, { gate: RateGate; refreshedAt: number; refreshing?: Promise<void> | undefined }>();

  constructor(
    private readonly db: Db,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

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
    const doc = await campaignCollections(this.db).campaigns.findOne({ _id: campaignId });
    if (!doc) throw new Error(`campaign ${campaignId} does not exist`);
    const questions = new Map((await loadQuestions(this.db, doc.datasetId)).map((q) => [q.id, q]));
    const sources = doc.config.judging.templates ? [BUILTIN_TEMPLATE_DIR, doc.config.judging.templates] : BUILTIN_TEMPLATE_DIR;
    return { doc, questions, templates: await loadTemplates(sources) };
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
    throw new Error(`campaign ${campaignId} has no ${role === 'models' ? 'model' : 'judge'} "${id}"`);
  }

  provider(profile: ProviderProfile): Provider {
    let provider = this.providers.get(profile.name);
    if (!provider) {
      provider = createProvider(profile, this.env);
      this.providers.set(profile.name, provider);
    }
    return provider;
  }

  /**
   * The profile's gate, its limits merged from the profile, the campaign config and live overrides in MongoDB.
   * The gate is created synchronously and refreshes are shared: concurrent first calls must all get the same gate,
   * or each would start with a full bucket of its own.
   */
  async gate(profile: ProviderProfile, config: CampaignConfig): Promise<RateGate> {
    const base: RateLimits = { ...profile.rateLimits, ...config.rateLimits[profile.name] };
    let entry = this.gates.get(profile.name);
    if (!entry) {
      entry = { gate: new RateGate(base), refreshedAt: 0 };
      this.gates.set(profile.name, entry);
    }
    if (Date.now() - entry.refreshedAt >= LIMITS_REFRESH_MS) {
      const current = entry;
      current.refreshing ??= campaignCollections(this.db)
        .providerLimits.findOne({ _id: profile.name })
        .then((live) => {
          current.gate.setLimits({ ...base, ...withoutMeta(live) });
          current.refreshedAt = Date.now();
        })
        .finally(() => {
          current.refreshing = undefined;
        });
      await current.refreshing;
    }
    return entry.gate;
  }
}

function withoutMeta(doc: { _id: string; updatedAt: Date } & RateLimits | null): RateLimits {
  if (!doc) return {};
  const { requestsPerMinute, tokensPerMinute, maxConcurrency } = doc;
  return Object.fromEntries(Object.entries({ requestsPerMinute, tokensPerMinute, maxConcurrency }).filter(([, v]) => v !== undefined));
}
