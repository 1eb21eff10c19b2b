import type { CategoryCode } from '../dataset/categories.js';
import type { ExplorerSummary, QuestionRow } from '../scoring/explorer/summary-types.js';

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
 * The explorer's read model of one question of one campaign, `_id` `<campaignId>/<questionId>`, kept current by a
 * `$set` on one path per stored result. Maps are keyed by the result's `_id` as a field name (lib/escape.ts
 * `fieldName`): `generations` by generation key, `judgements` by judgement key, `reviews` by assignment id.
 */
export interface ExplorerQuestionDoc {
  _id: string;
  campaignId: string;
  questionId: string;
  category: CategoryCode;
  generations?: Record<string, GenerationFact>;
  judgements?: Record<string, JudgementFact>;
  reviews?: Record<string, ReviewFact>;
}

/** How many results a campaign's read models have taken in (`_id` the campaign id): the summary is stale when it was built from fewer. */
export interface ExplorerCounterDoc {
  _id: string;
  writes: number;
}

/** A campaign's explorer summary (`_id` the campaign id): leaderboard, charts, counts. */
export interface ExplorerSummaryDoc {
  _id: string;
  /** the counter's value when the build started */
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
  rows: QuestionRow[];
}
