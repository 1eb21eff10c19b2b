import { MongoServerError, type Db } from 'mongodb';
import { fieldName } from '../lib/escape.js';
import type { GenerationDoc, JudgementDoc } from './campaign-docs.js';
import { collections } from './collections.js';
import type { ExplorerCounterDoc, ExplorerListDoc, ExplorerQuestionDoc, ExplorerSummaryDoc, GenerationFact, JudgementFact, ReviewFact } from './explorer-docs.js';

/** The explorer's read models, typed (all read and written by `_id`, the one lookup FerretDB serves from an index). */
export const explorerCollections = (db: Db) => ({
  questions: db.collection<ExplorerQuestionDoc>('explorer_questions'),
  counters: db.collection<ExplorerCounterDoc>('explorer_counters'),
  summaries: db.collection<ExplorerSummaryDoc>('explorer_summaries'),
  lists: db.collection<ExplorerListDoc>('explorer_lists'),
});

export const explorerQuestionId = (campaignId: string, questionId: string): string => `${campaignId}/${questionId}`;
export const explorerListId = (campaignId: string, category: string): string => `${campaignId}/${category}`;

export type Placement = Pick<ExplorerQuestionDoc, 'campaignId' | 'questionId' | 'category'>;
type StoredJudgement = Pick<JudgementDoc, '_id' | 'campaignId' | 'questionId' | 'category' | 'groupCode' | 'round' | 'generationKey' | 'model' | 'sample' | 'judge' | 'judgeRound' | 'status'> &
  Partial<Pick<JudgementDoc, 'valid' | 'score' | 'invalidReason' | 'error' | 'templateVersion' | 'checklistVersion' | 'refinementId' | 'rationale' | 'raw'>>;
type StoredGeneration = Pick<GenerationDoc, '_id' | 'campaignId' | 'questionId' | 'category' | 'groupCode' | 'round' | 'model' | 'sample' | 'status'> & Partial<Pick<GenerationDoc, 'error' | 'text' | 'finishReason'>>;

const placement = (doc: Placement): Placement => ({ campaignId: doc.campaignId, questionId: doc.questionId, category: doc.category });

/** What the explorer keeps of a stored judgement: its verdict, versions and lengths; the texts stay where they are. */
export function judgementFact(j: StoredJudgement): JudgementFact {
  return {
    generationKey: j.generationKey,
    model: j.model,
    sample: j.sample,
    judge: j.judge,
    judgeRound: j.judgeRound,
    status: j.status,
    valid: j.status === 'succeeded' && (j.valid ?? false),
    score: j.status === 'succeeded' && j.valid && typeof j.score === 'number' ? j.score : null,
    ...(j.invalidReason ? { invalidReason: j.invalidReason } : {}),
    ...(j.status === 'failed' ? { failedKind: j.error?.kind ?? 'error' } : {}),
    ...(j.templateVersion ? { templateVersion: j.templateVersion } : {}),
    ...(j.checklistVersion ? { checklistVersion: j.checklistVersion } : {}),
    ...(j.refinementId ? { refinementId: j.refinementId } : {}),
    ...(j.rationale !== undefined ? { rationaleLength: j.rationale.length } : {}),
    ...(j.raw !== undefined ? { rawLength: j.raw.length } : {}),
  };
}

export function generationFact(g: StoredGeneration): GenerationFact {
  return {
    model: g.model,
    sample: g.sample,
    status: g.status,
    ...(g.status === 'failed' ? { failedKind: g.error?.kind ?? 'error' } : {}),
    ...(g.text !== undefined ? { length: g.text.length } : {}),
    ...(g.finishReason ? { finishReason: g.finishReason } : {}),
  };
}

/**
 * One stored result into its question's read model: one `$set` on one path by `_id` (upserted), and the campaign's
 * write counter `$inc`ed, which tells the summary it is stale. Both are small; nothing is read first.
 */
async function setFact(db: Db, where: Placement, path: string, fact: JudgementFact | GenerationFact | ReviewFact): Promise<void> {
  const { questions, counters } = explorerCollections(db);
  await Promise.all([
    upsertOnce(() => questions.updateOne({ _id: explorerQuestionId(where.campaignId, where.questionId) }, { $set: { ...placement(where), [path]: fact } }, { upsert: true })),
    upsertOnce(() => counters.updateOne({ _id: where.campaignId }, { $inc: { writes: 1 } }, { upsert: true })),
  ]);
}

/**
 * An upsert that two writers may race for (two results of one question stored at once): the loser's insert fails
 * on the duplicate `_id` (FerretDB does not retry it as MongoDB does), and run again it updates the winner's document.
 */
async function upsertOnce(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
    await write();
  }
}

export const recordJudgementFact = (db: Db, j: StoredJudgement): Promise<void> => setFact(db, j, `judgements.${fieldName(j._id)}`, judgementFact(j));
export const recordGenerationFact = (db: Db, g: StoredGeneration): Promise<void> => setFact(db, g, `generations.${fieldName(g._id)}`, generationFact(g));
export const recordReviewFact = (db: Db, where: Placement, assignmentId: string, fact: ReviewFact): Promise<void> => setFact(db, where, `reviews.${fieldName(assignmentId)}`, fact);

export async function explorerQuestion(db: Db, campaignId: string, questionId: string): Promise<ExplorerQuestionDoc | null> {
  return explorerCollections(db).questions.findOne({ _id: explorerQuestionId(campaignId, questionId) });
}

/** Many questions' read models, each by `_id` (FerretDB serves `$in` by scanning), a bounded number at a time. */
export async function explorerQuestions(db: Db, campaignId: string, questionIds: readonly string[], concurrency = 16): Promise<ExplorerQuestionDoc[]> {
  const found: (ExplorerQuestionDoc | null)[] = new Array(questionIds.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < questionIds.length) {
      const i = next++;
      found[i] = await explorerQuestion(db, campaignId, questionIds[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, questionIds.length) }, worker));
  return found.filter((d): d is ExplorerQuestionDoc => d !== null);
}

export async function explorerWrites(db: Db, campaignId: string): Promise<number> {
  return (await explorerCollections(db).counters.findOne({ _id: campaignId }))?.writes ?? 0;
}

export function loadExplorerSummary(db: Db, campaignId: string): Promise<ExplorerSummaryDoc | null> {
  return explorerCollections(db).summaries.findOne({ _id: campaignId });
}

export function loadExplorerList(db: Db, campaignId: string, category: string): Promise<ExplorerListDoc | null> {
  return explorerCollections(db).lists.findOne({ _id: explorerListId(campaignId, category) });
}

/** A freshly built summary and its lists, each replaced whole by `_id`; the lists first, so a summary never points at older rows. */
export async function saveExplorerSummary(db: Db, summary: ExplorerSummaryDoc, lists: readonly ExplorerListDoc[]): Promise<void> {
  const { summaries, lists: listDocs } = explorerCollections(db);
  await Promise.all(lists.map((l) => listDocs.replaceOne({ _id: l._id }, l, { upsert: true })));
  await summaries.replaceOne({ _id: summary._id }, summary, { upsert: true });
}

/**
 * A campaign's read models rebuilt from the stored results (campaigns stored before the explorer existed, and the
 * consistency check of the tests): the same facts the write path sets, replaced question by question.
 */
export async function rebuildExplorerQuestions(db: Db, campaignId: string, reviews: readonly { where: Placement; assignmentId: string; fact: ReviewFact }[]): Promise<number> {
  const { generations, judgements } = collections(db);
  const docs = new Map<string, ExplorerQuestionDoc>();
  const docOf = (where: Placement) => {
    const id = explorerQuestionId(where.campaignId, where.questionId);
    let doc = docs.get(id);
    if (!doc) docs.set(id, (doc = { _id: id, ...placement(where) }));
    return doc;
  };
  let writes = 0;
  for await (const g of generations.find({ campaignId })) {
    (docOf(g).generations ??= {})[fieldName(g._id)] = generationFact(g);
    writes++;
  }
  for await (const j of judgements.find({ campaignId })) {
    (docOf(j).judgements ??= {})[fieldName(j._id)] = judgementFact(j);
    writes++;
  }
  for (const r of reviews) {
    (docOf(r.where).reviews ??= {})[fieldName(r.assignmentId)] = r.fact;
    writes++;
  }
  const { questions, counters } = explorerCollections(db);
  await questions.deleteMany({ campaignId });
  const all = [...docs.values()];
  for (let i = 0; i < all.length; i += 200) await questions.insertMany(all.slice(i, i + 200));
  // a write counted before the rebuild would only mark the summary stale once more; the counter never goes back
  await counters.updateOne({ _id: campaignId }, { $inc: { writes } }, { upsert: true });
  return all.length;
}
