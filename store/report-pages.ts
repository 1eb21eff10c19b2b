import type { Db } from 'mongodb';
import { forEachBounded } from '../lib/bounded.js';
import type { GenerationDoc, JudgementDoc } from './campaign-docs.js';
import { collections } from './collections.js';

/**
 * A report page (`_id` `<campaign>/<model>/p<page>`): the aggregate of one model's page of conversations, replaced
 * whole by one writer at a time (the model run, the re-judge that touched it, or a report refolding it; each
 * derives it from the stored results, so a repeated write writes the same). `data` is the packed aggregate.
 */
export interface ReportPageDoc {
  _id: string;
  campaignId: string;
  model: string;
  page: number;
  /** what it was folded under: stale when today's differs */
  signature: string;
  data: string;
  foldedAt: Date;
}

const pages = (db: Db) => db.collection<ReportPageDoc>('report_pages');

/** Pages by `_id`, a few lookups at a time (FerretDB serves only `_id` from an index; an `$in` scans); null where none is stored. */
export async function loadReportPages(db: Db, ids: readonly string[]): Promise<(ReportPageDoc | null)[]> {
  const found: (ReportPageDoc | null)[] = ids.map(() => null);
  await forEachBounded(ids, 8, async (_id, i) => {
    found[i] = await pages(db).findOne({ _id });
  });
  return found;
}

export async function saveReportPage(db: Db, page: ReportPageDoc): Promise<void> {
  const { _id, ...rest } = page;
  await pages(db).replaceOne({ _id }, rest, { upsert: true });
}

const RESULT_FIELDS = { campaignId: 1, model: 1, status: 1, error: 1, usage: 1, costUsd: 1, costMode: 1, realtimeCostUsd: 1, simulated: 1 } as const;
const VERDICT_FIELDS = { ...RESULT_FIELDS, questionId: 1, category: 1, groupCode: 1, round: 1, sample: 1, judge: 1, judgeRound: 1, valid: 1, score: 1, invalidReason: 1, templateVersion: 1, checklistVersion: 1, generationKey: 1 } as const;
export type ResultFields = Pick<GenerationDoc, '_id' | keyof typeof RESULT_FIELDS>;
export type VerdictFields = Pick<JudgementDoc, '_id' | keyof typeof VERDICT_FIELDS>;

/** Stored results by key (no texts), a few lookups at a time; absent keys are left out. */
export async function resultsByKey(db: Db, keys: { generations: readonly string[]; judgements: readonly string[] }): Promise<Map<string, ResultFields | VerdictFields>> {
  const { generations, judgements } = collections(db);
  const found = new Map<string, ResultFields | VerdictFields>();
  await forEachBounded(keys.generations, 8, async (_id) => {
    const g = await generations.findOne({ _id }, { projection: RESULT_FIELDS });
    if (g) found.set(_id, g);
  });
  await forEachBounded(keys.judgements, 8, async (_id) => {
    const j = await judgements.findOne({ _id }, { projection: VERDICT_FIELDS });
    if (j) found.set(_id, j);
  });
  return found;
}

/** Every stored result of a campaign (no texts), in one pass over each collection: the full recompute's input. */
export async function campaignResults(db: Db, campaignId: string): Promise<Map<string, ResultFields | VerdictFields>> {
  const { generations, judgements } = collections(db);
  const found = new Map<string, ResultFields | VerdictFields>();
  for await (const g of generations.find({ campaignId }, { projection: RESULT_FIELDS })) found.set(g._id, g);
  for await (const j of judgements.find({ campaignId }, { projection: VERDICT_FIELDS })) found.set(j._id, j);
  return found;
}
