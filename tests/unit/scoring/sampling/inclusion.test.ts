import { describe, expect, it } from 'vitest';
import { exactMean } from '../../../../scoring/exact-mean.js';
import { horvitzThompsonMean } from '../../../../scoring/sampling/horvitz-thompson.js';
import { inclusionProbability } from '../../../../scoring/sampling/inclusion.js';
import { sampleForReview } from '../../../../scoring/sampling/sample.js';
import type { SamplingOptions } from '../../../../scoring/sampling/types.js';
import { SIXTY } from './population.js';

const RUNS = 2000;
const DESIGN: Omit<SamplingOptions, 'seed'> = { size: 20, auditShare: 0.2 };

/** Per answer: the design's π and how often it was drawn over RUNS seeds. */
function simulate(): { pi: Map<string, number>; hits: Map<string, number>; samples: ReturnType<typeof sampleForReview>[] } {
  const pi = new Map<string, number>();
  const hits = new Map(SIXTY.map((c) => [c.answerId, 0]));
  const samples = [];
  for (let seed = 1; seed <= RUNS; seed++) {
    const r = sampleForReview(SIXTY, { ...DESIGN, seed });
    samples.push(r);
    for (const i of r.items) {
      hits.set(i.answerId, hits.get(i.answerId)! + 1);
      pi.set(i.answerId, i.inclusionProbability);
    }
  }
  return { pi, hits, samples };
}

const { pi, hits, samples } = simulate();

describe('inclusionProbability', () => {
  it('combines the stratum draw with the audit of the rest', () => {
    expect(inclusionProbability(2, 10, 0, 50)).toBe(0.2);
    expect(inclusionProbability(2, 10, 5, 50)).toBeCloseTo(0.2 + 0.8 * 0.1, 15);
    expect(inclusionProbability(10, 10, 5, 50)).toBe(1);
    expect(inclusionProbability(0, 10, 5, 50)).toBeCloseTo(0.1, 15);
  });
});

describe('the design’s π (Monte Carlo over 2,000 seeds on 60 answers)', () => {
  it('matches each answer’s empirical inclusion frequency', () => {
    expect(pi.size).toBe(60); // every answer was drawn at least once
    for (const [id, p] of pi) {
      const frequency = hits.get(id)! / RUNS;
      const se = Math.sqrt((p * (1 - p)) / RUNS);
      expect(Math.abs(frequency - p), `${id}: π ${p}, frequency ${frequency}`).toBeLessThan(4 * se + 1e-9);
    }
  });

  it('over-samples near-threshold and disagreeing answers', () => {
    expect(pi.get('split-00')!).toBeGreaterThan(pi.get('nearU-00')!);
    expect(pi.get('nearU-00')!).toBeGreaterThan(pi.get('low-00')!);
  });

  it('keeps Horvitz–Thompson estimates of the usable share unbiased, where the plain sample mean is not', () => {
    const usable = new Map(SIXTY.map((c) => [c.answerId, c.judgeScores.length > 0 && exactMean(c.judgeScores) >= c.threshold ? 1 : 0]));
    const truth = [...usable.values()].reduce<number>((a, b) => a + b, 0) / SIXTY.length;
    const ht = samples.map((r) => horvitzThompsonMean(r.items.map((i) => ({ value: usable.get(i.answerId)!, inclusionProbability: i.inclusionProbability })), SIXTY.length));
    const naive = samples.map((r) => r.items.reduce((a, i) => a + usable.get(i.answerId)!, 0) / r.items.length);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
    const tolerance = (4 * sd(ht)) / Math.sqrt(RUNS);
    expect(truth).toBeCloseTo(29 / 60, 12); // 5 near and usable + 15 high + 5 split (mean 4) + 4 MTG, of 60
    expect(Math.abs(mean(ht) - truth)).toBeLessThan(tolerance);
    expect(Math.abs(mean(naive) - truth)).toBeGreaterThan(5 * tolerance);
  });
});

describe('horvitzThompsonMean', () => {
  it('weights each value by 1/π', () => {
    expect(horvitzThompsonMean([{ value: 1, inclusionProbability: 0.5 }, { value: 3, inclusionProbability: 0.25 }], 10)).toBe((2 + 12) / 10);
  });

  it('refuses π outside (0, 1] and an empty population', () => {
    expect(() => horvitzThompsonMean([{ value: 1, inclusionProbability: 0 }], 10)).toThrow('inclusion probability 0 outside (0, 1]');
    expect(() => horvitzThompsonMean([], 0)).toThrow('population size must be > 0');
  });
});
