import { exactMean } from '../exact-mean.js';
import type { ScoreBand } from './types.js';

/** `near` starts this many score points below the threshold… */
export const NEAR_BELOW = 1;
/** …and ends (exclusive) this many above it. */
export const NEAR_ABOVE = 0.5;
/** Judge rounds disagree when their scores span at least this many points. */
export const DISAGREEMENT_SPREAD = 2;

/**
 * The band of an answer's mean valid score m, in score points relative to its own threshold t (so MTG's 0–7 scale
 * with t = 5 works as 0–5 with t = 4): low m < t − 1, near t − 1 ≤ m < t + 0.5, high m ≥ t + 0.5; none without a
 * score. The mean is the exact one aggregation uses, so `near` and usability agree at the boundaries.
 */
export function scoreBand(scores: readonly number[], threshold: number): ScoreBand {
  if (scores.length === 0) return 'none';
  const mean = exactMean(scores);
  if (mean < threshold - NEAR_BELOW) return 'low';
  return mean < threshold + NEAR_ABOVE ? 'near' : 'high';
}

/**
 * Whether the judge rounds disagree: at least two valid scores that span DISAGREEMENT_SPREAD points or more, or that
 * straddle the threshold (one round calls the answer usable, another does not).
 */
export function judgesDisagree(scores: readonly number[], threshold: number): boolean {
  if (scores.length < 2) return false;
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return max - min >= DISAGREEMENT_SPREAD || (min < threshold && max >= threshold);
}
