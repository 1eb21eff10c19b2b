import { exactSum, rationalToDouble, SCALE_BITS } from './exact-binary.js';

/**
 * The mean of doubles as Python's `statistics.mean` computes it: the exact rational mean, rounded once to the
 * nearest double. A plain float sum can land on the other side of the usability threshold: [3.3, 4.1, 4.6] sums
 * to exactly 12 in floating point, but its true mean is 3.9999999999999996 (not usable).
 */
export function exactMean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('mean of no values');
  return rationalToDouble(exactSum(values), BigInt(values.length) << SCALE_BITS);
}
