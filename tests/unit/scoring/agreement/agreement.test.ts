import { describe, expect, it } from 'vitest';
import { binaryAgreement, majority } from '../../../../scoring/agreement/binary.js';
import { meanAbsoluteDifference, quadraticWeightedKappa } from '../../../../scoring/agreement/ordinal.js';
import { agreementSummary, type ReviewedAnswer } from '../../../../scoring/agreement/summary.js';

/** pairs [judge, physician] from a 2×2 table with the physician as reference */
const table = (tp: number, fn: number, fp: number, tn: number) => [
  ...Array<[boolean, boolean]>(tp).fill([true, true]),
  ...Array<[boolean, boolean]>(fn).fill([false, true]),
  ...Array<[boolean, boolean]>(fp).fill([true, false]),
  ...Array<[boolean, boolean]>(tn).fill([false, false]),
];

describe('binaryAgreement', () => {
  it("Cohen's kappa on the Wikipedia example (20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no) is 0.4", () => {
    const a = binaryAgreement(table(20, 5, 10, 15));
    expect(a.confusion).toEqual([[20, 5], [10, 15]]);
    expect(a.agreement).toBeCloseTo(0.7, 12);
    // pe = 0.5·0.6 + 0.5·0.4 = 0.5 → κ = (0.7 − 0.5) / 0.5
    expect(a.kappa).toBeCloseTo(0.4, 12);
    // π = (25/50 + 30/50) / 2 = 0.55, pe = 2·0.55·0.45 = 0.495 → AC1 = 0.205 / 0.505
    expect(a.ac1).toBeCloseTo(0.205 / 0.505, 12);
  });

  it('the kappa paradox: 95 % agreement on a rare "not usable" gives a low kappa and a high AC1', () => {
    // physicians and judge both say usable 90 times, disagree 5 + 5 times, both say not usable 0 times
    const a = binaryAgreement(table(90, 5, 5, 0));
    expect(a.agreement).toBeCloseTo(0.9, 12);
    // pe = 0.95·0.95 + 0.05·0.05 = 0.905 → κ = −0.005 / 0.095
    expect(a.kappa).toBeCloseTo(-0.005 / 0.095, 12);
    // π = 0.95, pe = 2·0.95·0.05 = 0.095 → AC1 = 0.805 / 0.905
    expect(a.ac1).toBeCloseTo(0.805 / 0.905, 12);
  });

  it('undefined where it is: no pairs → nulls; everyone always usable → kappa null, AC1 1', () => {
    expect(binaryAgreement([])).toMatchObject({ n: 0, agreement: null, kappa: null, ac1: null });
    expect(binaryAgreement(table(4, 0, 0, 0))).toMatchObject({ agreement: 1, kappa: null, ac1: 1 });
  });

  it('majority: ties are null', () => {
    expect([majority([true, true, false]), majority([true, false]), majority([false])]).toEqual([true, null, false]);
  });
});

describe('ordinal', () => {
  it('quadratic-weighted kappa: identical ratings 1; a hand-computed table', () => {
    expect(quadraticWeightedKappa([[0, 0], [1, 1], [2, 2]], 2)).toBe(1);
    // pairs (0,0) (0,1) (1,1) (2,1) on 0–2: weights (i−j)²/4; observed Σw = 0.25 + 0.25 = 0.5
    // rows 0:2 1:1 2:1, cols 0:1 1:3 2:0; expected Σ w·r·c/4 = (0·… ) = [r0c1·0.25 + r1c0·0.25 + r2c0·1 + r2c1·0.25]/4
    //   = (2·3·0.25 + 1·1·0.25 + 1·1·1 + 1·3·0.25) / 4 = (1.5 + 0.25 + 1 + 0.75) / 4 = 0.875 → κw = 1 − 0.5/0.875
    expect(quadraticWeightedKappa([[0, 0], [0, 1], [1, 1], [2, 1]], 2)).toBeCloseTo(1 - 0.5 / 0.875, 12);
    expect(() => quadraticWeightedKappa([[6, 1]], 5)).toThrow(/0–5/);
  });

  it('mean absolute difference', () => {
    expect(meanAbsoluteDifference([[4.5, 4], [2, 5]])).toBe(1.75);
    expect(meanAbsoluteDifference([])).toBeNull();
  });
});

describe('agreementSummary', () => {
  const answer = (category: string, judgeScores: number[], reviews: [string, number, boolean][], model = 'm'): ReviewedAnswer => ({
    category,
    model,
    judgeScores,
    threshold: 4,
    scaleMax: 5,
    judgeScaleMax: 5,
    reviews: reviews.map(([reviewer, score, usable]) => ({ reviewer, score, usable })),
  });

  it('per category and overall: one pair per review, the majority with ties apart, physician against physician', () => {
    const s = agreementSummary([
      answer('MK', [4, 5], [['a', 5, true], ['b', 4, true]]), // judge usable (4.5): 2 agreeing pairs, majority usable
      answer('MK', [3, 4], [['a', 2, false], ['b', 5, true]]), // judge 3.5 not usable: 1 agree, 1 not; majority tie
      answer('MR', [], [['a', 1, false]]), // no valid judge score: not usable; agrees
    ]);
    expect(s).toMatchObject({ items: 3, reviews: 5 });
    expect(s.perCategory.MK).toMatchObject({ n: 4, items: 2, confusion: [[2, 1], [0, 1]], agreement: 0.75 });
    expect(s.perCategory.MK!.majority).toMatchObject({ n: 1, ties: 1, agreement: 1 });
    expect(s.perCategory.MK!.physicians).toMatchObject({ n: 2, agreement: 0.5 });
    expect(s.perCategory.MR).toMatchObject({ n: 1, confusion: [[0, 0], [0, 1]], agreement: 1, mad: null });
    expect(s.overall).toMatchObject({ n: 5, agreement: 0.8 });
    // |4.5−5| + |4.5−4| + |3.5−2| + |3.5−5| over 4 pairs with a judge score
    expect(s.overall.mad).toBeCloseTo((0.5 + 0.5 + 1.5 + 1.5) / 4, 12);
  });
});
