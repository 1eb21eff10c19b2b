import { describe, expect, it } from 'vitest';
import { meanAbsoluteDifference, quadraticWeightedKappa } from '../../../../scoring/agreement/ordinal.js';

const repeat = (times: number, pair: readonly [number, number]) => Array<readonly [number, number]>(times).fill(pair);

describe('quadraticWeightedKappa', () => {
  it("reproduces scikit-learn's test value 0.9541", () => {
    // scikit-learn, sklearn/metrics/tests/test_classification.py::test_cohen_kappa:
    // y1 = [0]*46 + [1]*44 + [2]*10, y2 = [0]*50 + [1]*40 + [2]*10 → weights="quadratic" gives 0.9541
    const pairs = [...repeat(46, [0, 0]), ...repeat(4, [1, 0]), ...repeat(40, [1, 1]), ...repeat(10, [2, 2])];
    expect(quadraticWeightedKappa(pairs, 2)).toBeCloseTo(0.9541, 4);
  });

  it("reproduces Gwet's cont3x3abstractors with quadratic weights: 0.892", () => {
    // irrCAC (Gwet) kappa2.table(cont3x3abstractors, weights = "quadratic"): 0.892 (the Python port's tests)
    const table = [[13, 0, 0], [0, 20, 7], [0, 4, 56]];
    const pairs = table.flatMap((row, i) => row.flatMap((count, j) => repeat(count, [i, j])));
    expect(quadraticWeightedKappa(pairs, 2)).toBeCloseTo(0.892, 3);
  });

  it('matches a hand computation on the 0–5 scale', () => {
    // pairs (5,5) (5,4) (4,2) (4,5) (2,1): Σ(a − b)² = 0 + 1 + 4 + 1 + 1 = 7
    // rows 5:2 4:2 2:1, columns 5:2 4:1 2:1 1:1; Σ (i − j)² r_i c_j = 52 + 30 + 23 = 105, over n = 5: 21
    // (the 1/25 of the weights cancels) → κw = 1 − 7/21
    expect(quadraticWeightedKappa([[5, 5], [5, 4], [4, 2], [4, 5], [2, 1]], 5)).toBeCloseTo(2 / 3, 12);
  });

  it('is 1 for identical scores, null without pairs or variation, and checks the scale', () => {
    expect(quadraticWeightedKappa([[0, 0], [3, 3], [5, 5]], 5)).toBe(1);
    expect(quadraticWeightedKappa([], 5)).toBeNull();
    expect(quadraticWeightedKappa([[4, 4], [4, 4]], 5)).toBeNull();
    expect(() => quadraticWeightedKappa([[6, 1]], 5)).toThrow(/0–5/);
    expect(() => quadraticWeightedKappa([[4.5, 1]], 5)).toThrow(/integer/);
    expect(() => quadraticWeightedKappa([[1, 1]], 0)).toThrow(/positive integer/);
  });
});

describe('meanAbsoluteDifference', () => {
  it('averages |a − b| in score points', () => {
    // |4.5 − 5| + |4.5 − 4| + |3.5 − 2| = 0.5 + 0.5 + 1.5 = 2.5, over 3
    expect(meanAbsoluteDifference([[4.5, 5], [4.5, 4], [3.5, 2]])).toBeCloseTo(2.5 / 3, 12);
    expect(meanAbsoluteDifference([])).toBeNull();
  });
});
