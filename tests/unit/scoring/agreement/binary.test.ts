import { describe, expect, it } from 'vitest';
import { binaryAgreement, confusionMatrix, judgeVsMajority, majority, type DecisionPair } from '../../../../scoring/agreement/binary.js';
import { tableAgreement } from '../../../../scoring/agreement/contingency.js';
import { physicianAgreement } from '../../../../scoring/agreement/pairwise.js';

/** [judge, physician] pairs from a table with the physician as reference: [[tp, fn], [fp, tn]] */
const pairs = (tp: number, fn: number, fp: number, tn: number): DecisionPair[] => [
  ...Array<DecisionPair>(tp).fill([true, true]),
  ...Array<DecisionPair>(fn).fill([false, true]),
  ...Array<DecisionPair>(fp).fill([true, false]),
  ...Array<DecisionPair>(tn).fill([false, false]),
];

describe('confusion matrix', () => {
  it('puts the physician in rows and the judge in columns, usable first', () => {
    expect(confusionMatrix([[true, true]])).toEqual([[1, 0], [0, 0]]);
    expect(confusionMatrix([[false, true]])).toEqual([[0, 1], [0, 0]]); // fn: physician usable, judge not
    expect(confusionMatrix([[true, false]])).toEqual([[0, 0], [1, 0]]); // fp: judge usable, physician not
    expect(confusionMatrix([[false, false]])).toEqual([[0, 0], [0, 1]]);
  });
});

describe('binaryAgreement', () => {
  it("reproduces Wikipedia's Cohen's kappa example: 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no → κ = 0.4", () => {
    // en.wikipedia.org/wiki/Cohen%27s_kappa, "Simple example": reader A (here the physician) yes 25, reader B yes 30
    const a = binaryAgreement(pairs(20, 5, 10, 15));
    expect(a.confusion).toEqual([[20, 5], [10, 15]]);
    expect(a.n).toBe(50);
    expect(a.agreement).toBeCloseTo(0.7, 12);
    expect(a.kappa).toBeCloseTo(0.4, 12);
  });

  it('matches a hand-computed table', () => {
    // tp 40, fn 10, fp 5, tn 45; n = 100. p_o = 85/100 = 0.85
    // physician usable 50/100 = 0.5, judge usable 45/100 = 0.45
    // Cohen p_e = 0.5·0.45 + 0.5·0.55 = 0.5 → κ = (0.85 − 0.5) / 0.5 = 0.7
    // Gwet π = (0.5 + 0.45)/2 = 0.475, p_e = 2·0.475·0.525 = 0.49875 → AC1 = 0.35125 / 0.50125
    const a = binaryAgreement(pairs(40, 10, 5, 45));
    expect(a).toMatchObject({ n: 100, confusion: [[40, 10], [5, 45]] });
    expect(a.agreement).toBeCloseTo(0.85, 12);
    expect(a.kappa).toBeCloseTo(0.7, 12);
    expect(a.ac1).toBeCloseTo(0.35125 / 0.50125, 12);
  });

  it('shows the kappa paradox on the 118 / 5 / 2 / 0 table (Gwet 2008, as in DiagnosisMed::AC1): kappa below 0, AC1 high', () => {
    // p_o = 118/125 = 0.944; physician usable 123/125 = 0.984, judge usable 120/125 = 0.96
    // Cohen p_e = 0.984·0.96 + 0.016·0.04 = 0.94528 → κ = (0.944 − 0.94528) / 0.05472
    // Gwet π = 0.972, p_e = 2·0.972·0.028 = 0.054432 → AC1 = (0.944 − 0.054432) / 0.945568
    const a = binaryAgreement(pairs(118, 5, 2, 0));
    expect(a.kappa).toBeCloseTo(-0.00128 / 0.05472, 12);
    expect(a.ac1).toBeCloseTo(0.889568 / 0.945568, 12);
  });

  it('is null where undefined: no pairs (all three); one category throughout (kappa only)', () => {
    expect(binaryAgreement([])).toEqual({ n: 0, agreement: null, kappa: null, ac1: null, confusion: [[0, 0], [0, 0]] });
    // both always usable: p_o = 1, Cohen p_e = 1 (0/0); Gwet π = 1, p_e = 0 → AC1 = 1
    expect(binaryAgreement(pairs(0, 0, 0, 7))).toMatchObject({ agreement: 1, kappa: null, ac1: 1 });
  });
});

describe('tableAgreement on q categories', () => {
  it("reproduces Gwet's cont3x3abstractors: AC1 = 0.849, Cohen's kappa = 0.796", () => {
    // Gwet, Handbook of Inter-Rater Reliability (4th ed.), data set `cont3x3abstractors` of his irrCAC package; its
    // documentation gives gwet.ac1.table → 0.84933 and kappa2.table → 0.7964 (the Python port's tests: 0.849, 0.796)
    const a = tableAgreement([[13, 0, 0], [0, 20, 7], [0, 4, 56]]);
    expect(a.n).toBe(100);
    expect(a.agreement).toBeCloseTo(0.89, 12);
    expect(a.ac1).toBeCloseTo(0.84933, 5);
    expect(a.kappa).toBeCloseTo(0.7964, 4);
  });

  it('refuses a table that is not square', () => {
    expect(() => tableAgreement([[1, 2]])).toThrow(/square/);
    expect(() => tableAgreement([[1, 2], [3]])).toThrow(/square/);
  });
});

describe('majority', () => {
  it('is the majority vote, null on a tie or without votes', () => {
    expect([majority([true, true, false]), majority([false, false, true]), majority([true, false]), majority([]), majority([true])]).toEqual([true, false, null, null, true]);
  });

  it('judge against the majority: items with k ≥ 2 only, ties apart', () => {
    const m = judgeVsMajority([
      { judge: true, votes: [true, true] }, // majority usable: agrees
      { judge: true, votes: [false, false, true] }, // majority not usable: disagrees (fp)
      { judge: false, votes: [true, false] }, // tie: apart
      { judge: false, votes: [true] }, // one review: not a majority
    ]);
    expect(m).toMatchObject({ items: 3, ties: 1, n: 2, agreement: 0.5, confusion: [[1, 0], [1, 0]] });
  });
});

describe('physicianAgreement', () => {
  it('uses every reviewer pair of an item, both ways round (Scott-style kappa)', () => {
    // votes [usable, usable, not]: pairs (u,u), (u,n), (u,n) → 3 pairs, 1 agrees: p_o = 1/3
    // symmetric table [[2, 2], [2, 0]]: marginals 4, 2 of 6 → p_e = (16 + 4)/36 = 5/9 → κ = (1/3 − 5/9)/(4/9) = −0.5
    // Gwet π = 8/12 = 2/3, p_e = 2·(2/3)·(1/3) = 4/9 → AC1 = (1/3 − 4/9)/(5/9) = −0.2
    const p = physicianAgreement([[true, true, false], [true]]);
    expect(p).toMatchObject({ items: 1, n: 3 });
    expect(p.agreement).toBeCloseTo(1 / 3, 12);
    expect(p.kappa).toBeCloseTo(-0.5, 12);
    expect(p.ac1).toBeCloseTo(-0.2, 12);
  });

  it('is empty when no item has two reviews', () => {
    expect(physicianAgreement([[true], []])).toEqual({ items: 0, n: 0, agreement: null, kappa: null, ac1: null });
  });
});
