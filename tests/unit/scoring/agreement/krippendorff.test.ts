import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from '../../../../scoring/agreement/krippendorff.js';
import { KRIPPENDORFF_2011_UNITS } from '../krippendorff-2011.js';

describe('krippendorffAlpha', () => {
  const units = KRIPPENDORFF_2011_UNITS;

  it('reproduces the published example for all three metrics', () => {
    expect(krippendorffAlpha(units, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(units, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(units, 'interval')).toBeCloseTo(0.849, 3);
  });

  it('matches a hand computation of the coincidence matrix', () => {
    // units [1,2] [2,3] [1,1] [4]: the last cannot be paired. o12 = o21 = o23 = o32 = 1, o11 = 2
    // marginals n1 = 3, n2 = 2, n3 = 1, n = 6
    // ordinal δ²: (1,2) = (5 − 5/2)² = 6.25, (2,3) = (3 − 3/2)² = 2.25, (1,3) = (6 − 2)² = 16
    //   observed Σ o δ² = 2·6.25 + 2·2.25 = 17; expected Σ n_c n_k δ² = 2·(6·6.25 + 2·2.25 + 3·16) = 180
    //   α = 1 − (n − 1)·17/180 = 1 − 85/180
    // nominal: observed 4, expected 36 − (9 + 4 + 1) = 22 → α = 1 − 5·4/22
    const small = [[1, 2], [2, 3], [1, 1], [4, null]];
    expect(krippendorffAlpha(small, 'ordinal')).toBeCloseTo(1 - 85 / 180, 12);
    expect(krippendorffAlpha(small, 'nominal')).toBeCloseTo(1 - 20 / 22, 12);
  });

  it('is 1 for perfect agreement and null without variation or pairable values', () => {
    expect(krippendorffAlpha([[1, 1, null], [4, 4], [2, 2, 2]], 'ordinal')).toBe(1);
    expect(krippendorffAlpha([[3, 3], [3, 3]], 'ordinal')).toBeNull();
    expect(krippendorffAlpha([[3, null], [4]], 'nominal')).toBeNull();
    expect(krippendorffAlpha([], 'ordinal')).toBeNull();
  });
});
