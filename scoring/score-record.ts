import type { CategoryCode } from '../dataset/categories.js';

/**
 * One judge verdict on one answer: the unit every aggregate is computed from. A campaign stores these; the seed
 * reader makes them from the LLMEval-Med repository's scored files.
 */
export interface ScoreRecord {
  questionId: string;
  category: CategoryCode;
  groupCode: number | string;
  /** the turn index within the conversation (1 for single-turn questions) */
  round: number;
  category2?: string;
  scene?: string;
  difficulty?: string;
  /** the model under test */
  model: string;
  /** which of the model's sampled answers to this question (0-based) */
  sample: number;
  /** the judge model, when a panel of judges is used */
  judge?: string;
  /** which repetition of judging the same answer (0-based) */
  judgeRound: number;
  /** null when the judge gave no valid score (invalid output, failed call, missing): never read as 0 */
  score: number | null;
  /** why `score` is null, for reports */
  invalidReason?: string;
  templateVersion?: string;
}

/** What aggregation needs to know about a question; `Question` from the dataset satisfies it. */
export interface QuestionMeta {
  id: string;
  category: CategoryCode;
  groupCode: number | string;
  round: number;
  category2?: string;
  scene?: string;
  difficulty?: string;
}
