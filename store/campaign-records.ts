import type { Db } from 'mongodb';
import { costRows, type BilledCall, type CostRow } from '../scoring/report/cost.js';
import { failedCallReason, type ScoreRecord } from '../scoring/score-record.js';
import type { JudgementDoc } from './campaign-docs.js';
import { collections } from './collections.js';

export interface FailureCount {
  model: string;
  stage: 'generation' | 'judgement';
  kind: string;
  count: number;
}

/** What a score record is made from: a stored judgement, or the explorer's facts about one. */
export type StoredVerdict = Pick<JudgementDoc, 'questionId' | 'category' | 'groupCode' | 'round' | 'model' | 'sample' | 'judge' | 'judgeRound' | 'status' | 'valid' | 'score' | 'invalidReason' | 'templateVersion' | 'checklistVersion' | 'generationKey'> & {
  /** a failed call's error kind */
  failedKind?: string;
};

/** One stored verdict as an aggregation record: a failed call or an unreadable verdict has a null score and its reason. */
export function scoreRecordOf(j: StoredVerdict): ScoreRecord {
  const reason = j.status === 'failed' ? failedCallReason(j.failedKind) : j.valid ? undefined : (j.invalidReason ?? 'invalid');
  return {
    questionId: j.questionId,
    category: j.category,
    groupCode: j.groupCode,
    round: j.round,
    model: j.model,
    sample: j.sample,
    judge: j.judge,
    judgeRound: j.judgeRound,
    score: j.status === 'succeeded' && j.valid && typeof j.score === 'number' ? j.score : null,
    ...(reason ? { invalidReason: reason } : {}),
    ...(j.templateVersion ? { templateVersion: j.templateVersion } : {}),
    ...(j.checklistVersion ? { checklistVersion: j.checklistVersion } : {}),
    generationKey: j.generationKey,
  };
}

/**
 * A campaign's judgements as aggregation records, streamed from the cursor. A failed judge call is a record with
 * a null score and its reason: it counts as invalid, never as 0 and never silently dropped.
 */
export async function loadScoreRecords(db: Db, campaignId: string): Promise<ScoreRecord[]> {
  const records: ScoreRecord[] = [];
  const cursor = collections(db).judgements.find({ campaignId }, { projection: { raw: 0, rationale: 0 } });
  for await (const j of cursor) records.push(scoreRecordOf({ ...j, ...(j.error ? { failedKind: j.error.kind } : {}) }));
  return records;
}

/** Failed items per model, stage and error kind (FerretDB has $group with $sum, which is all this needs). */
export async function loadFailureCounts(db: Db, campaignId: string): Promise<FailureCount[]> {
  const { generations, judgements } = collections(db);
  const group = [
    { $match: { campaignId, status: 'failed' } },
    { $group: { _id: { model: '$model', kind: '$error.kind' }, count: { $sum: 1 } } },
  ];
  const [g, j] = await Promise.all([generations.aggregate(group).toArray(), judgements.aggregate(group).toArray()]);
  const rows = (docs: typeof g, stage: FailureCount['stage']) =>
    docs.map((d) => ({ model: String(d._id.model), stage, kind: String(d._id.kind ?? 'error'), count: Number(d.count) }));
  return [...rows(g, 'generation'), ...rows(j, 'judgement')].sort((a, b) => a.model.localeCompare(b.model) || a.stage.localeCompare(b.stage) || a.kind.localeCompare(b.kind));
}

/**
 * What the campaign's paid calls cost, per model under test (generations) and judge (judgements) and billing mode,
 * folded in TypeScript over streamed cursors (FerretDB v1 sums only the first accumulator of a $group).
 */
export async function loadCostRows(db: Db, campaignId: string): Promise<CostRow[]> {
  const { generations, judgements } = collections(db);
  const filter = { campaignId, status: 'succeeded' as const };
  const projection = { model: 1, judge: 1, costMode: 1, usage: 1, costUsd: 1, realtimeCostUsd: 1 };
  const calls: BilledCall[] = [];
  for await (const d of generations.find(filter, { projection })) calls.push({ role: 'model', id: d.model, ...d });
  for await (const d of judgements.find(filter, { projection })) calls.push({ role: 'judge', id: d.judge, ...d });
  return costRows(calls);
}

/** True when any stored result came from the fake provider: every report built from it must say so. */
export async function hasSimulatedResults(db: Db, campaignId: string): Promise<boolean> {
  const { generations, judgements } = collections(db);
  const [g, j] = await Promise.all([
    generations.findOne({ campaignId, simulated: true }, { projection: { _id: 1 } }),
    judgements.findOne({ campaignId, simulated: true }, { projection: { _id: 1 } }),
  ]);
  return Boolean(g ?? j);
}

