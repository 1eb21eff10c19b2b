import type { Db } from 'mongodb';
import { planConversations } from '../dataset/conversations.js';
import type { Question } from '../dataset/schema.js';
import type { ScoreRecord } from '../scoring/score-record.js';
import type { CampaignDoc, StoredTemplate } from '../store/campaign-docs.js';
import { loadScoreRecords } from '../store/campaign-records.js';
import { loadQuestions } from '../store/datasets.js';
import type { CampaignSettings } from './settings-snapshot.js';
import { currentTemplates } from './templates.js';

export interface CurrentScores {
  /** the questions the campaign's filters plan */
  planned: Question[];
  /** the templates it judges with now */
  templates: StoredTemplate[];
  /** its stored scores under those templates (a re-judged campaign's older versions left out) */
  records: ScoreRecord[];
}

/** What the report and the review sample read: a campaign's planned questions and its current scores. */
export async function loadCurrentScores(db: Db, doc: CampaignDoc & CampaignSettings): Promise<CurrentScores> {
  const questions = await loadQuestions(db, doc.datasetId);
  const plannedIds = new Set(planConversations(questions, doc.config.filters).flatMap((c) => c.questionIds));
  const planned = questions.filter((q) => plannedIds.has(q.id));
  const templates = currentTemplates(doc, [...new Set(planned.map((q) => q.category))]);
  const records = await loadScoreRecords(db, doc._id, new Set(templates.map((t) => t.version)));
  return { planned, templates, records };
}
