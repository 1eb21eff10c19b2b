import type { CategoryCode } from '../dataset/categories.js';
import type { PackedRow } from '../scoring/explorer/row-codec.js';
import type { ExplorerSummary } from '../scoring/explorer/summary-types.js';

/** Small facts about one stored judgement (no texts: those are read by `_id` from `judgements` on the question page). */
export interface JudgementFact {
  generationKey: string;
  model: string;
  sample: number;
  judge: string;
  judgeRound: number;
  status: 'succeeded' | 'failed';
  valid: boolean;
  score: number | null;
  invalidReason?: string;
  /** a failed call's error kind */
  failedKind?: string;
  templateVersion?: string;
  checklistVersion?: number;
  refinementId?: string;
  rationaleLength?: number;
  rawLength?: number;
}

/** Small facts about one stored answer (its text stays in `generations`). */
export interface GenerationFact {
  model: string;
  sample: number;
  status: 'succeeded' | 'failed';
  failedKind?: string;
  length?: number;
  finishReason?: string;
}

/** A physician's blind first review of one answer, with the latest revision's verdict and the disagreement reason. */
export interface ReviewFact {
  reviewId: string;
  answerId: string;
  model: string;
  sample: number;
  reviewer: string;
  reviewerName: string;
  score: number;
  usable: boolean;
  comment?: string;
  /** how many edits followed a reveal, and the latest one's verdict */
  revisions: number;
  latest?: { score: number; usable: boolean };
  disagreement?: { reason: string; note?: string };
  submittedAt: Date;
}

/**
 * The explorer's read model of one stored result: its small facts, `_id` the result's own key (a generation key, a
 * judgement key, or `review/<assignment id>`), so each result is written by one upsert and never races another
 * writer (FerretDB v1 applies an update by reading and rewriting the whole document: concurrent updates of one
 * document lose all but one).
 */
export type ExplorerFactDoc = { _id: string; campaignId: string; questionId: string; category: CategoryCode } & (
  | { kind: 'generation'; generation: GenerationFact }
  | { kind: 'judgement'; judgement: JudgementFact }
  | { kind: 'review'; review: ReviewFact }
);

/**
 * How many results one process has written for a campaign (`_id` `<campaignId>/<process>`): each process counts in
 * its own document, one write at a time, so no increment is lost; the summary is stale when the sum has moved.
 */
export interface ExplorerCounterDoc {
  _id: string;
  campaignId: string;
  writes: number;
}

/** A campaign's explorer summary (`_id` the campaign id): leaderboard, charts, counts. */
export interface ExplorerSummaryDoc {
  _id: string;
  /** the counters' sum when the build started */
  builtFromWrites: number;
  builtAt: Date;
  /** how long the build took */
  buildMs: number;
  summary: ExplorerSummary;
}

/** One category's question rows of a campaign's summary, `_id` `<campaignId>/<category>`. */
export interface ExplorerListDoc {
  _id: string;
  campaignId: string;
  category: string;
  builtFromWrites: number;
  rows: PackedRow[];
}
