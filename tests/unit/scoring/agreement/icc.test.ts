import { describe, expect, it } from 'vitest';
import { iccAbsoluteAgreement } from '../../../../scoring/agreement/icc.js';

describe('iccAbsoluteAgreement (ICC(A,1))', () => {
  it('reproduces Shrout & Fleiss (1979), Table 2 (6 targets × 4 judges): ICC(2,1) = 0.29', () => {
    // Shrout, P. E. & Fleiss, J. L. (1979), Intraclass correlations: uses in assessing rater reliability,
    // Psychological Bulletin 86(2), 420–428; ICC(2,1) is McGraw & Wong's ICC(A,1)
    const ratings = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    expect(iccAbsoluteAgreement(ratings)).toBeCloseTo(0.29, 2);
  });

  it('matches a hand computation, and a constant offset between raters lowers it', () => {
    // rows [1,2] [3,4] [5,6]: grand mean 3.5; row means 1.5, 3.5, 5.5 → SSR = 2·8 = 16, MSR = 8
    // column means 3, 4 → SSC = 3·0.5 = 1.5, MSC = 1.5; SST = 17.5 → SSE = 0, MSE = 0
    // ICC = (8 − 0) / (8 + 0 + 2·(1.5 − 0)/3) = 8/9
    expect(iccAbsoluteAgreement([[1, 2], [3, 4], [5, 6]])).toBeCloseTo(8 / 9, 12);
  });

  it('uses complete rows only', () => {
    expect(iccAbsoluteAgreement([[1, 2], [3, 4], [7, null], [5, 6]])).toBeCloseTo(8 / 9, 12);
  });

  it('is 1 for identical raters, null with too little data or no variation', () => {
    expect(iccAbsoluteAgreement([[1, 1], [4, 4], [2, 2]])).toBeCloseTo(1, 12);
    expect(iccAbsoluteAgreement([[1, 2]])).toBeNull();
    expect(iccAbsoluteAgreement([[1], [2]])).toBeNull();
    expect(iccAbsoluteAgreement([[3, 3], [3, 3]])).toBeNull();
    expect(() => iccAbsoluteAgreement([[1, 2], [3]])).toThrow(/same raters/);
  });
});
