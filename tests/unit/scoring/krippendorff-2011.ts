/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers × 12 units with missing
 * values; reported α_nominal = 0.743, α_ordinal = 0.815, α_interval = 0.849. As units (an answer's values).
 */
const _ = null;
const OBSERVERS = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
export const KRIPPENDORFF_2011_UNITS: (number | null)[][] = OBSERVERS[0]!.map((_v, u) => OBSERVERS.map((o) => o[u]!));
