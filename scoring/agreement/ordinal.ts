/** Agreement of two raters on integer scores 0..maxScore (0–5, or the MTG total 0–7). */

/**
 * Cohen's weighted kappa with quadratic weights (i − j)² / maxScore², over the fixed scale 0..maxScore (unused points
 * included, so a gap in the scores does not shrink distances). Null without pairs or when the expected disagreement
 * is 0 (both raters gave one and the same score throughout).
 */
export function quadraticWeightedKappa(pairs: ReadonlyArray<readonly [number, number]>, maxScore: number): number | null {
  if (!Number.isInteger(maxScore) || maxScore < 1) throw new Error(`quadratic weighted kappa: scale maximum must be a positive integer, got ${maxScore}`);
  const n = pairs.length;
  if (n === 0) return null;
  const size = maxScore + 1;
  const rows = new Array<number>(size).fill(0);
  const cols = new Array<number>(size).fill(0);
  let observed = 0;
  for (const [a, b] of pairs) {
    for (const v of [a, b]) if (!Number.isInteger(v) || v < 0 || v > maxScore) throw new Error(`quadratic weighted kappa: score ${v} is not an integer 0–${maxScore}`);
    rows[a]!++;
    cols[b]!++;
    observed += (a - b) ** 2;
  }
  let expected = 0;
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) expected += ((i - j) ** 2 * rows[i]! * cols[j]!) / n;
  // the 1 / maxScore² of the weights cancels in the ratio
  return expected === 0 ? null : 1 - observed / expected;
}

/** Mean of |a − b| over the pairs, in score points; null without pairs. */
export function meanAbsoluteDifference(pairs: ReadonlyArray<readonly [number, number]>): number | null {
  return pairs.length === 0 ? null : pairs.reduce((sum, [a, b]) => sum + Math.abs(a - b), 0) / pairs.length;
}
