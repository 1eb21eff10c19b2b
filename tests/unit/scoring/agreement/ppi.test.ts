import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../../scoring/agreement/normal.js';
import { ppiUsabilityRate, type PpiReviewed } from '../../../../scoring/agreement/ppi.js';

/** every way to pick `k` of `list` */
function choose<T>(list: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return list.flatMap((x, i) => choose(list.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

describe('ppiUsabilityRate', () => {
  it('matches a hand computation', () => {
    // N = 10 questions, the judge says usable on 6: f̄ = 0.6, s²_f = (6·0.4² + 4·0.6²)/9 = 2.4/9, V_f = s²_f/10
    // n = 4 reviewed, each π = 0.4; human − judge = 0, −1, 0, 0 → Δ̂ = (−1/0.4)/10 = −0.25, θ̂ = 0.35
    // z_i = 4·Δ_i/(10·0.4) = Δ_i → Σ(z − Δ̂)² = 3·0.0625 + 0.5625 = 0.75 → V_Δ = 0.75/(4·3) = 0.0625
    const judge = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
    const reviewed: PpiReviewed[] = [
      { judge: 1, human: 1, inclusionProbability: 0.4 },
      { judge: 1, human: 0, inclusionProbability: 0.4 },
      { judge: 0, human: 0, inclusionProbability: 0.4 },
      { judge: 0, human: 0, inclusionProbability: 0.4 },
    ];
    const r = ppiUsabilityRate(judge, reviewed);
    const se = Math.sqrt(2.4 / 90 + 0.0625);
    expect(r).toMatchObject({ questions: 10, reviewed: 4 });
    expect(r.judgeRate).toBeCloseTo(0.6, 12);
    expect(r.correction).toBeCloseTo(-0.25, 12);
    expect(r.estimate).toBeCloseTo(0.35, 12);
    expect(r.standardError).toBeCloseTo(se, 12);
    expect(r.low).toBeCloseTo(0.35 - 1.959963985 * se, 8);
    expect(r.high).toBeCloseTo(0.35 + 1.959963985 * se, 8);
  });

  it('is unbiased: averaged over every possible stratified sample it is the true human rate', () => {
    // 6 questions, true human decisions h, judge f (wrong on 0, 3 and 5). Stratum A = questions 0–3, one drawn (π = 1/4);
    // stratum B = 4–5, both drawn (π = 1). True rate = 3/6 = 0.5; the judge alone says 4/6
    const h = [1, 0, 1, 0, 1, 0];
    const f = [0, 0, 1, 1, 1, 1];
    const draw = (i: number, pi: number) => ({ judge: f[i]!, human: h[i]!, inclusionProbability: pi });
    const estimates = [0, 1, 2, 3].map((a) => ppiUsabilityRate(f, [draw(a, 1 / 4), draw(4, 1), draw(5, 1)]).estimate);
    expect(estimates.reduce((x, y) => x + y, 0) / estimates.length).toBeCloseTo(0.5, 12);
    // and under simple random sampling of 3 of the 6 (π = 1/2), over all 20 samples
    const srs = choose([0, 1, 2, 3, 4, 5], 3).map((s) => ppiUsabilityRate(f, s.map((i) => draw(i, 1 / 2))).estimate);
    expect(srs).toHaveLength(20);
    expect(srs.reduce((x, y) => x + y, 0) / 20).toBeCloseTo(0.5, 12);
  });

  it('with a judge the physicians always agree with, is the judge rate with no correction variance', () => {
    const r = ppiUsabilityRate([1, 0, 1, 1], [{ judge: 1, human: 1, inclusionProbability: 0.5 }, { judge: 0, human: 0, inclusionProbability: 0.5 }]);
    expect(r.estimate).toBe(0.75);
    // V_f = s²_f / N = (3·0.0625 + 0.5625)/3/4 = 0.0625
    expect(r.standardError).toBeCloseTo(0.25, 12);
  });

  it('accepts the share of reviewers saying usable as the human value', () => {
    const r = ppiUsabilityRate([1, 1], [{ judge: 1, human: 0.5, inclusionProbability: 1 }, { judge: 1, human: 1, inclusionProbability: 1 }]);
    expect(r.estimate).toBeCloseTo(0.75, 12);
  });

  it('has no interval with fewer than two reviewed answers, and refuses bad input', () => {
    // f̄ = 0.5, Δ̂ = (0 − 1)/0.5/2 = −1: a Horvitz–Thompson estimate can leave [0, 1], and is not clipped
    expect(ppiUsabilityRate([1, 0], [{ judge: 1, human: 0, inclusionProbability: 0.5 }])).toMatchObject({ estimate: -0.5, standardError: null, low: null, high: null });
    expect(() => ppiUsabilityRate([], [])).toThrow(/no questions/);
    expect(() => ppiUsabilityRate([1], [{ judge: 1, human: 1, inclusionProbability: 1 }, { judge: 1, human: 1, inclusionProbability: 1 }])).toThrow(/only 1 questions/);
    expect(() => ppiUsabilityRate([2], [])).toThrow(/\[0, 1\]/);
    expect(() => ppiUsabilityRate([1, 1], [{ judge: 1, human: 1, inclusionProbability: 0 }])).toThrow(/inclusion probability/);
  });
});

describe('normalQuantile', () => {
  it('gives the usual z values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.3)).toBeCloseTo(-normalQuantile(0.7), 12);
    expect(() => normalQuantile(1)).toThrow(/\(0, 1\)/);
  });
});
