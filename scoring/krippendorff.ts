/**
 * Krippendorff's alpha with the interval metric (squared difference), for agreement between judges.
 * `units` holds, per unit (an answer), the value each judge gave, null where a judge gave none. Units with fewer than
 * two values cannot be paired and are left out, as the coefficient prescribes.
 * Returns null when there is nothing to compare or no variation at all (alpha is undefined then).
 */
export function krippendorffAlphaInterval(units: ReadonlyArray<ReadonlyArray<number | null>>): number | null {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
  const values = pairable.flat();
  const n = values.length;
  if (n < 2) return null;
  // observed disagreement: within-unit squared differences, each unit weighted by 1 / (m_u - 1)
  let observed = 0;
  for (const unit of pairable) {
    let sum = 0;
    for (const a of unit) for (const b of unit) sum += (a - b) ** 2;
    observed += sum / (unit.length - 1);
  }
  observed /= n;
  // expected disagreement: squared differences over all pairs of pairable values
  let expected = 0;
  for (const a of values) for (const b of values) expected += (a - b) ** 2;
  expected /= n * (n - 1);
  return expected === 0 ? null : 1 - observed / expected;
}
