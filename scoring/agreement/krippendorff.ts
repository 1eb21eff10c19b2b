import { krippendorffAlphaInterval } from '../krippendorff.js';

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/**
 * Krippendorff's alpha for units × raters (null = missing), by the coincidence matrix of Krippendorff (2011),
 * "Computing Krippendorff's Alpha-Reliability": o_ck = Σ_u (c–k pairs in u) / (m_u − 1) over units with m_u ≥ 2
 * values, n_c = Σ_k o_ck, n = Σ_c n_c, and α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, with
 * - nominal: δ² = 0 if c = k, else 1;
 * - ordinal: δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)² over the ranked values (only values that occur count);
 * - interval: (c − k)², which `krippendorffAlphaInterval` computes (used here as is).
 * Null when fewer than two values can be paired or when there is no expected disagreement (no variation).
 */
export function krippendorffAlpha(units: ReadonlyArray<ReadonlyArray<number | null>>, metric: AlphaMetric): number | null {
  if (metric === 'interval') return krippendorffAlphaInterval(units);
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
  const values = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const size = values.length;
  const coincidence = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const unit of pairable) {
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i !== j) coincidence[index.get(unit[i]!)!]![index.get(unit[j]!)!]! += 1 / (unit.length - 1);
      }
    }
  }
  const marginals = coincidence.map((row) => row.reduce((a, b) => a + b, 0));
  const n = marginals.reduce((a, b) => a + b, 0);
  if (n < 2) return null;
  const delta = metric === 'nominal' ? (c: number, k: number) => (c === k ? 0 : 1) : ordinalDelta(marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      const d = delta(c, k);
      observed += coincidence[c]![k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  }
  return expected === 0 ? null : 1 - ((n - 1) * observed) / expected;
}

function ordinalDelta(marginals: readonly number[]): (c: number, k: number) => number {
  // cumulative[i] = n_0 + … + n_(i−1), so Σ_{g=lo..hi} n_g = cumulative[hi + 1] − cumulative[lo]
  const cumulative = [0];
  for (const m of marginals) cumulative.push(cumulative.at(-1)! + m);
  return (c, k) => {
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    return (cumulative[hi + 1]! - cumulative[lo]! - (marginals[lo]! + marginals[hi]!) / 2) ** 2;
  };
}
