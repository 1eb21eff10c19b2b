import { describe, expect, it } from 'vitest';
import { ppiUsabilityRate } from '../../../../scoring/agreement/ppi.js';
import { correctedUsability, type JudgedAnswer, type SampledAnswer } from '../../../../scoring/agreement/usability-correction.js';

const judged = (answerId: string, category: string, judgeUsable: boolean): JudgedAnswer => ({ answerId, category, judgeUsable });
const drawn = (answerId: string, stratum: string, inclusionProbability: number, humanShare: number | null): SampledAnswer => ({ answerId, stratum, inclusionProbability, humanShare });

// MR listed first: categories come out in the dataset's order (MK before MR) whatever the input order
const POPULATION = [judged('b1', 'MR', true), judged('b2', 'MR', false), judged('a1', 'MK', true), judged('a2', 'MK', true), judged('a3', 'MK', false), judged('a4', 'MK', false)];

describe('correctedUsability', () => {
  it('with every sampled answer reviewed, is ppiUsabilityRate per category and overall with the design π', () => {
    const sample = [drawn('a1', 'MK|s', 0.5, 1), drawn('a3', 'MK|t', 0.5, 0.5), drawn('b1', 'MR|s', 1, 0), drawn('b2', 'MR|s', 1, 0)];
    const c = correctedUsability(POPULATION, sample);
    expect(Object.keys(c.perCategory)).toEqual(['MK', 'MR']);
    expect(c.perCategory.MK).toEqual({ ...ppiUsabilityRate([1, 1, 0, 0], [{ judge: 1, human: 1, inclusionProbability: 0.5 }, { judge: 0, human: 0.5, inclusionProbability: 0.5 }]), pending: 0 });
    // MK: f̄ = 0.5, Δ̂ = (0 + 0.5 / 0.5) / 4 = 0.25
    expect(c.perCategory.MK!.estimate).toBeCloseTo(0.75, 12);
    // MR: f̄ = 0.5, Δ̂ = (−1 / 1 + 0) / 2 = −0.5
    expect(c.perCategory.MR).toMatchObject({ questions: 2, reviewed: 2, pending: 0, judgeRate: 0.5, correction: -0.5, estimate: 0 });
    // overall: f̄ = 3/6, Δ̂ = (0 + 1 − 1 + 0) / 6 = 0
    expect(c.overall).toMatchObject({ questions: 6, reviewed: 4, pending: 0, judgeRate: 0.5, correction: 0, estimate: 0.5 });
    expect(c.level).toBe(0.95);
  });

  it('while answers are pending, weights the reviewed ones of their stratum up (π · reviewed / sampled)', () => {
    // stratum MK|t: 2 sampled, 1 reviewed → a3's π 0.5 becomes 0.25
    const sample = [drawn('a1', 'MK|s', 0.5, 1), drawn('a3', 'MK|t', 0.5, 1), drawn('a4', 'MK|t', 0.5, null)];
    const c = correctedUsability(POPULATION, sample, 0.9);
    expect(c.perCategory.MK).toEqual({ ...ppiUsabilityRate([1, 1, 0, 0], [{ judge: 1, human: 1, inclusionProbability: 0.5 }, { judge: 0, human: 1, inclusionProbability: 0.25 }], 0.9), pending: 1 });
    // Δ̂ = (0 / 0.5 + 1 / 0.25) / 4 = 1 (Horvitz–Thompson is not clipped to [0, 1])
    expect(c.perCategory.MK!.estimate).toBeCloseTo(1.5, 12);
    // MR has no reviewed answer: the judge's rate, uncorrected, without an interval
    expect(c.perCategory.MR).toMatchObject({ reviewed: 0, pending: 0, estimate: 0.5, correction: 0, low: null });
    expect(c.overall).toMatchObject({ reviewed: 2, pending: 1 });
    expect(c.overall.correction).toBeCloseTo(4 / 6, 12);
  });

  it('refuses a sampled answer that is not a judged one', () => {
    expect(() => correctedUsability(POPULATION, [drawn('zz', 'MK|s', 0.5, 1)])).toThrow(/sampled answer zz is not among the judged answers/);
  });
});
