import type { Db } from 'mongodb';
import { planConversations, type Conversation } from '../dataset/conversations.js';
import type { Question } from '../dataset/schema.js';
import { selectCurrentRecords, type RefinementLayer } from '../scoring/judging-version.js';
import type { ScoreRecord } from '../scoring/score-record.js';
import type { CampaignDoc, StoredTemplate } from '../store/campaign-docs.js';
import { loadScoreRecords } from '../store/campaign-records.js';
import { loadQuestions } from '../store/datasets.js';
import { loadRefinementLayers } from '../store/refinements.js';
import type { CampaignSettings } from './settings-snapshot.js';
import { baseTemplateVersions, currentTemplates } from './templates.js';

export interface CurrentScores {
  /** the questions the campaign's filters plan */
  planned: Question[];
  /** its conversations, in the order model runs take them (report pages follow it) */
  conversations: Conversation[];
  /** the templates it judges with now */
  templates: StoredTemplate[];
  /** its stored scores under the versions that count now (see scoring/judging-version.ts) */
  records: ScoreRecord[];
  /** every stored score, whatever its version: before/after tables choose from these */
  allRecords: ScoreRecord[];
  /** the category's template version the campaign judges with, before refinements */
  baseTemplates: ReadonlyMap<string, string>;
  layers: RefinementLayer[];
}

/** What the report and the review sample read: a campaign's planned questions and its current scores. */
export async function loadCurrentScores(db: Db, doc: CampaignDoc & CampaignSettings): Promise<CurrentScores> {
  const [versions, allRecords] = await Promise.all([loadJudgingVersions(db, doc), loadScoreRecords(db, doc._id)]);
  return currentScoresOf(versions, allRecords);
}

/** The scores that count among every stored one, under a campaign's judging versions. */
export const currentScoresOf = (versions: JudgingVersions, allRecords: ScoreRecord[]): CurrentScores => ({ ...versions, records: selectCurrentRecords(allRecords, versions.baseTemplates, versions.layers), allRecords });

export type JudgingVersions = Omit<CurrentScores, 'records' | 'allRecords'>;

/** A campaign's planned questions and what decides which of its verdicts count: the templates it judges with and its refinements. */
export async function loadJudgingVersions(db: Db, doc: CampaignDoc & CampaignSettings): Promise<JudgingVersions> {
  const [questions, layers] = await Promise.all([loadQuestions(db, doc.datasetId), loadRefinementLayers(db, doc._id)]);
  const conversations = planConversations(questions, doc.config.filters);
  const plannedIds = new Set(conversations.flatMap((c) => c.questionIds));
  const planned = questions.filter((q) => plannedIds.has(q.id));
  const templates = currentTemplates(doc, [...new Set(planned.map((q) => q.category))]);
  const baseTemplates = baseTemplateVersions(templates);
  return { planned, conversations, templates, baseTemplates, layers };
}
