import { CATEGORY_CODES } from '../../dataset/categories.js';
import { ppiUsabilityRate, type PpiEstimate, type PpiReviewed } from './ppi.js';
import { orderedKeys } from './summary.js';

/** One judged answer of the campaign: the population the usability rate is about. */
export interface JudgedAnswer {
  answerId: string;
  category: string;
  judgeUsable: boolean;
}

/** One answer of the review sample; `humanShare` is the share of its reviewers saying usable, null while none has. */
export interface SampledAnswer {
  answerId: string;
  stratum: string;
  inclusionProbability: number;
  humanShare: number | null;
}

export interface CorrectedRate extends PpiEstimate {
  /** sampled answers without a review yet: left out, their stratum's reviewed answers weighted up for them */
  pending: number;
}

export interface UsabilityCorrection {
  /** coverage of the intervals */
  level: number;
  overall: CorrectedRate;
  perCategory: Record<string, CorrectedRate>;
}

/**
 * The judge's usability rate over every judged answer, corrected by the physicians' verdicts on the reviewed ones
 * (`ppiUsabilityRate`), overall and per category (the dataset's order). While a review is in progress only part of
 * the sample has verdicts; treating the reviewed answers of a stratum as a random subsample of its sampled ones
 * (response homogeneity within strata), each reviewed answer's π becomes π · r_h / n_h (r_h of the n_h sampled answers
 * in stratum h reviewed), so the correction stays unbiased; once every sampled answer is reviewed it is π.
 */
export function correctedUsability(population: readonly JudgedAnswer[], sample: readonly SampledAnswer[], level = 0.95): UsabilityCorrection {
  const byId = new Map(population.map((a) => [a.answerId, a]));
  const sampled = new Map<string, number>();
  const reviewed = new Map<string, number>();
  for (const s of sample) {
    if (!byId.has(s.answerId)) throw new Error(`corrected usability: sampled answer ${s.answerId} is not among the judged answers`);
    sampled.set(s.stratum, (sampled.get(s.stratum) ?? 0) + 1);
    if (s.humanShare !== null) reviewed.set(s.stratum, (reviewed.get(s.stratum) ?? 0) + 1);
  }
  const estimate = (answers: readonly JudgedAnswer[], drawn: readonly SampledAnswer[]): CorrectedRate => {
    const done = drawn.filter((s) => s.humanShare !== null);
    const inputs = done.map((s): PpiReviewed => ({
      judge: byId.get(s.answerId)!.judgeUsable ? 1 : 0,
      human: s.humanShare!,
      inclusionProbability: (s.inclusionProbability * reviewed.get(s.stratum)!) / sampled.get(s.stratum)!,
    }));
    return { ...ppiUsabilityRate(answers.map((a) => (a.judgeUsable ? 1 : 0)), inputs, level), pending: drawn.length - done.length };
  };
  const categoryOf = (s: SampledAnswer) => byId.get(s.answerId)!.category;
  const categories = orderedKeys(new Set(population.map((a) => a.category)), CATEGORY_CODES);
  return {
    level,
    overall: estimate(population, sample),
    perCategory: Object.fromEntries(categories.map((c) => [c, estimate(population.filter((a) => a.category === c), sample.filter((s) => categoryOf(s) === c))])),
  };
}
