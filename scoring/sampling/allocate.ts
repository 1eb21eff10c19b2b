/** What allocation needs to know about a stratum. */
export interface AllocationStratum {
  key: string;
  population: number;
  weight: number;
}

interface Box {
  key: string;
  share: number;
  lo: number;
  hi: number;
}

/**
 * The continuous allocation x_h = clamp(λ·share_h, lo_h, hi_h) with Σ x_h = total, found exactly: between two
 * consecutive breakpoints (lo/share, hi/share) the sum is linear in λ, so λ is solved on the segment that reaches it.
 */
function continuousAllocation(boxes: readonly Box[], total: number): number[] {
  const sumAt = (lambda: number): number => boxes.reduce((sum, b) => sum + Math.min(b.hi, Math.max(b.lo, lambda * b.share)), 0);
  const points = [...new Set(boxes.flatMap((b) => [b.lo / b.share, b.hi / b.share]))].sort((a, b) => a - b);
  let below = 0;
  let above = points[points.length - 1]!;
  for (const p of points) {
    if (sumAt(p) >= total) {
      above = p;
      break;
    }
    below = p;
  }
  // on (below, above) a box is at its upper bound, at its lower bound, or proportional
  const atHi = (b: Box): boolean => b.hi / b.share <= below;
  const atLo = (b: Box): boolean => b.lo / b.share >= above;
  let rest = total;
  let activeShare = 0;
  for (const b of boxes) {
    if (atHi(b)) rest -= b.hi;
    else if (atLo(b)) rest -= b.lo;
    else activeShare += b.share;
  }
  return boxes.map((b) => (atHi(b) ? b.hi : atLo(b) ? b.lo : (rest * b.share) / activeShare));
}

/**
 * Sizes proportional to population × weight that sum exactly to `total` (or to every answer, when there are fewer),
 * never above a stratum's population, at least one per stratum when `total` allows; largest-remainder rounding, ties
 * by key. Capacity a full stratum cannot use goes to the others through λ, not by a second pass.
 */
export function proportionalAllocation(strata: readonly AllocationStratum[], total: number): Map<string, number> {
  const capacity = strata.reduce((sum, s) => sum + s.population, 0);
  if (total >= capacity) return new Map(strata.map((s) => [s.key, s.population]));
  const lo = total >= strata.length ? 1 : 0;
  const boxes = strata.map((s) => ({ key: s.key, share: s.population * s.weight, lo, hi: s.population }));
  const quotas = continuousAllocation(boxes, total);
  const sizes = boxes.map((b, i) => Math.max(b.lo, Math.min(b.hi, Math.floor(quotas[i]!))));
  let missing = total - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = boxes
    .map((b, i) => ({ i, remainder: quotas[i]! - sizes[i]!, key: b.key }))
    .sort((a, b) => b.remainder - a.remainder || (a.key < b.key ? -1 : 1));
  for (const { i } of byRemainder) {
    if (missing === 0) break;
    if (sizes[i]! < boxes[i]!.hi) {
      sizes[i]!++;
      missing--;
    }
  }
  return new Map(boxes.map((b, i) => [b.key, sizes[i]!]));
}

/**
 * Explicit sizes where `fixed` gives them, the rest of `total` shared proportionally by the other strata. The result
 * sums to less than `total` only when the other strata cannot hold the rest; the caller decides where that goes.
 */
export function allocateStrata(strata: readonly AllocationStratum[], total: number, fixed: Readonly<Record<string, number>>): Map<string, number> {
  const byKey = new Map(strata.map((s) => [s.key, s]));
  let fixedTotal = 0;
  for (const [key, n] of Object.entries(fixed)) {
    const stratum = byKey.get(key);
    if (!stratum) throw new Error(`sampling option strataSizes["${key}"]: no candidate falls in this stratum`);
    if (n > stratum.population) throw new Error(`sampling option strataSizes["${key}"]: ${n} is more than the stratum's ${stratum.population} answers`);
    fixedTotal += n;
  }
  if (fixedTotal > total) throw new Error(`sampling option strataSizes: they sum to ${fixedTotal}, more than the ${total} answers of the stratified part`);
  const free = strata.filter((s) => !Object.hasOwn(fixed, s.key));
  const sizes = proportionalAllocation(free, total - fixedTotal);
  for (const [key, n] of Object.entries(fixed)) sizes.set(key, n);
  return sizes;
}
