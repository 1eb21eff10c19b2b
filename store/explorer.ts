import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import { forEachBounded } from '../lib/bounded.js';
import type { GenerationDoc, JudgementDoc } from './campaign-docs.js';
import { collections } from './collections.js';
import type { ExplorerCounterDoc, ExplorerFactDoc, ExplorerListDoc, ExplorerSummaryDoc, GenerationFact, JudgementFact, ReviewFact } from './explorer-docs.js';

/** The explorer's read models, typed (written by `_id`; pages read them by `_id`, the one lookup FerretDB serves from an index). */
export const explorerCollections = (db: Db) => ({
  facts: db.collection<ExplorerFactDoc>('explorer_facts'),
  counters: db.collection<ExplorerCounterDoc>('explorer_counters'),
  summaries: db.collection<ExplorerSummaryDoc>('explorer_summaries'),
  lists: db.collection<ExplorerListDoc>('explorer_lists'),
});

export const explorerListId = (campaignId: string, category: string): string => `${campaignId}/${category}`;
export const reviewFactId = (assignmentId: string): string => `review/${assignmentId}`;

export type Placement = Pick<ExplorerFactDoc, 'campaignId' | 'questionId' | 'category'>;
type StoredJudgement = Pick<JudgementDoc, '_id' | 'campaignId' | 'questionId' | 'category' | 'generationKey' | 'model' | 'sample' | 'judge' | 'judgeRound' | 'status'> &
  Partial<Pick<JudgementDoc, 'valid' | 'score' | 'invalidReason' | 'error' | 'templateVersion' | 'checklistVersion' | 'refinementId' | 'rationale' | 'raw'>>;
type StoredGeneration = Pick<GenerationDoc, '_id' | 'campaignId' | 'questionId' | 'category' | 'model' | 'sample' | 'status'> & Partial<Pick<GenerationDoc, 'error' | 'text' | 'finishReason'>>;

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
 * Counts this process's writes per campaign in its own counter document, one `$inc` in flight at a time (FerretDB
 * loses concurrent increments of one document); a writer's promise settles once an increment including it is stored.
 */
class WriteCounter {
  private readonly process = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly pending = new Map<string, { count: number; waiters: (() => void)[] }>();
  private readonly flushing = new Set<string>();

  bump(db: Db, campaignId: string): Promise<void> {
    const key = `${db.databaseName}\n${campaignId}`;
    const batch = this.pending.get(key) ?? { count: 0, waiters: [] };
    this.pending.set(key, batch);
    batch.count++;
    const stored = new Promise<void>((resolve) => batch.waiters.push(resolve));
    if (!this.flushing.has(key)) void this.flush(db, campaignId, key);
    return stored;
  }

  private async flush(db: Db, campaignId: string, key: string): Promise<void> {
    this.flushing.add(key);
    try {
      for (let batch = this.pending.get(key); batch; batch = this.pending.get(key)) {
        this.pending.delete(key);
        // a counter that failed to move only delays a rebuild: the writers go on either way
        await explorerCollections(db)
          .counters.updateOne({ _id: `${campaignId}/${this.process}` }, { $inc: { writes: batch.count }, $set: { campaignId } }, { upsert: true })
          .catch(() => undefined);
        for (const done of batch.waiters) done();
      }
    } finally {
      this.flushing.delete(key);
    }
  }
}

const counter = new WriteCounter();

/** One stored result's facts: one upsert by the result's own key, and this process's write counter moved. */
async function putFact(db: Db, fact: ExplorerFactDoc): Promise<void> {
  const { _id, ...rest } = fact;
  await explorerCollections(db).facts.replaceOne({ _id }, rest, { upsert: true });
  await counter.bump(db, fact.campaignId);
}

export const recordJudgementFact = (db: Db, j: StoredJudgement): Promise<void> => putFact(db, { _id: j._id, ...placement(j), kind: 'judgement', judgement: judgementFact(j) });
export const recordGenerationFact = (db: Db, g: StoredGeneration): Promise<void> => putFact(db, { _id: g._id, ...placement(g), kind: 'generation', generation: generationFact(g) });
export const recordReviewFact = (db: Db, where: Placement, assignmentId: string, fact: ReviewFact): Promise<void> => putFact(db, { _id: reviewFactId(assignmentId), ...placement(where), kind: 'review', review: fact });

/**
 * Every fact of a campaign, for a summary build (in the background; pages never wait on it but the first). A
 * filter on `campaignId` scans the facts collection, whose documents are small: far cheaper than the results'.
 */
export function campaignFacts(db: Db, campaignId: string): Promise<ExplorerFactDoc[]> {
  return explorerCollections(db).facts.find({ campaignId }).toArray();
}

/** The sum of a campaign's write counters (one per process that wrote; a small collection). */
export async function explorerWrites(db: Db, campaignId: string): Promise<number> {
  const docs = await explorerCollections(db).counters.find({ campaignId }, { projection: { writes: 1 } }).toArray();
  return docs.reduce((n, d) => n + d.writes, 0);
}

export function loadExplorerSummary(db: Db, campaignId: string): Promise<ExplorerSummaryDoc | null> {
  return explorerCollections(db).summaries.findOne({ _id: campaignId });
}

export function loadExplorerList(db: Db, campaignId: string, category: string): Promise<ExplorerListDoc | null> {
  return explorerCollections(db).lists.findOne({ _id: explorerListId(campaignId, category) });
}

/** A freshly built summary and its lists, each replaced whole by `_id` (one writer: the builder); the lists first. */
export async function saveExplorerSummary(db: Db, summary: ExplorerSummaryDoc, lists: readonly ExplorerListDoc[]): Promise<void> {
  const { summaries, lists: listDocs } = explorerCollections(db);
  for (const l of lists) await listDocs.replaceOne({ _id: l._id }, l, { upsert: true });
  await summaries.replaceOne({ _id: summary._id }, summary, { upsert: true });
}

const PAGE = 500;

/**
 * A campaign's facts rebuilt from the stored results and reviews (campaigns stored before the explorer existed,
 * and the tests' consistency check): the same facts the write path stores, replaced whole.
 */
export async function rebuildExplorerFacts(db: Db, campaignId: string, reviews: readonly { where: Placement; assignmentId: string; fact: ReviewFact }[]): Promise<number> {
  const { generations, judgements } = collections(db);
  const docs: ExplorerFactDoc[] = [];
  for await (const g of generations.find({ campaignId })) docs.push({ _id: g._id, ...placement(g), kind: 'generation', generation: generationFact(g) });
  for await (const j of judgements.find({ campaignId })) docs.push({ _id: j._id, ...placement(j), kind: 'judgement', judgement: judgementFact(j) });
  for (const r of reviews) docs.push({ _id: reviewFactId(r.assignmentId), ...placement(r.where), kind: 'review', review: r.fact });
  const { facts } = explorerCollections(db);
  // one by `_id` each: FerretDB's SQLite backend refuses a delete of more than 32,766 documents at once, and scans
  // the collection for any other filter (an `$in` too)
  const old = (await facts.find({ campaignId }, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
  await forEachBounded(old, 16, async (_id) => {
    await facts.deleteOne({ _id });
  });
  for (let i = 0; i < docs.length; i += PAGE) await facts.insertMany(docs.slice(i, i + PAGE));
  await counter.bump(db, campaignId);
  return docs.length;
}
