import { exactMean } from '../exact-mean.js';
import { mtgTotal, type MtgDimensions } from '../mtg-total.js';

export interface PhysicianReview {
  reviewer: string;
  /** 0–5; for MTG the five-dimension total 0–7 (`mtgTotal`) */
  score: number;
  /** the physician's stated decision, which agreement compares with the judge's */
  usable: boolean;
  /** MTG: when given, `score` must be their total */
  dimensions?: MtgDimensions;
}

/** One reviewed answer: the judge's valid scores over its rounds and each physician's verdict. */
export interface ReviewedAnswer {
  /** names the answer in error messages; ids must be unique when given */
  itemId?: string;
  category: string;
  model: string;
  templateVersion?: string;
  /** the judge's valid scores over its rounds; empty when it gave none */
  judgeScores: readonly number[];
  /** usable at a judge mean ≥ threshold (4; 5 for MTG on 0–7) */
  threshold: number;
  /** top of the physicians' scale (5; 7 for MTG dimensions) */
  scaleMax: number;
  /** top of the judge's scale (5 for MTG judged in score mode): scores are compared only where it is `scaleMax` */
  judgeScaleMax: number;
  reviews: readonly PhysicianReview[];
}

/** An answer with what agreement needs from it, checked. */
export interface AnswerView {
  answer: ReviewedAnswer;
  /** exact mean of the judge's scores (as aggregation computes it); null without a valid score */
  judgeMean: number | null;
  /** mean ≥ threshold; without a valid score not usable, as aggregation counts it */
  judgeUsable: boolean;
  /** the judge's mean where it is on the physicians' scale, else null: what score statistics compare */
  judgeOnScale: number | null;
  scores: number[];
  votes: boolean[];
}

/** The judge's decision on an answer, as aggregation makes it: exact mean of its valid scores ≥ threshold; none is not usable. */
export function judgeDecision(judgeScores: readonly number[], threshold: number): { mean: number | null; usable: boolean } {
  const mean = judgeScores.length > 0 ? exactMean(judgeScores) : null;
  return { mean, usable: mean !== null && mean >= threshold };
}

export function viewAnswer(answer: ReviewedAnswer): AnswerView {
  const fail = (what: string): never => {
    throw new Error(`reviewed answer ${answer.itemId ?? `(${answer.category}, ${answer.model})`}: ${what}`);
  };
  const { scaleMax, judgeScaleMax } = answer;
  for (const s of answer.judgeScores) if (!(s >= 0 && s <= judgeScaleMax)) fail(`judge score ${s} is outside 0–${judgeScaleMax}`);
  const reviewers = new Set<string>();
  for (const review of answer.reviews) {
    if (reviewers.has(review.reviewer)) fail(`reviewer ${review.reviewer} reviewed it twice`);
    reviewers.add(review.reviewer);
    if (!Number.isInteger(review.score) || review.score < 0 || review.score > scaleMax) fail(`score ${review.score} from ${review.reviewer} is not an integer 0–${scaleMax}`);
    if (review.dimensions && mtgTotal(review.dimensions) !== review.score) fail(`score ${review.score} from ${review.reviewer} is not the total ${mtgTotal(review.dimensions)} of their dimensions`);
  }
  const { mean: judgeMean, usable: judgeUsable } = judgeDecision(answer.judgeScores, answer.threshold);
  return {
    answer,
    judgeMean,
    judgeUsable,
    judgeOnScale: judgeScaleMax === scaleMax ? judgeMean : null,
    scores: answer.reviews.map((r) => r.score),
    votes: answer.reviews.map((r) => r.usable),
  };
}
