import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleForReview } from '../../../../scoring/sampling/sample.js';
import { stratumKey } from '../../../../scoring/sampling/strata.js';
import type { ReviewSample, SamplingCandidate } from '../../../../scoring/sampling/types.js';
import { candidate, interleave, many, SIXTY } from './population.js';

const sizesOf = (r: ReviewSample): Record<string, number> => Object.fromEntries(r.strata.map((s) => [s.stratum, s.sampled]));
const picksOf = (r: ReviewSample, stratum: string): string[] => r.items.filter((i) => i.stratum === stratum && i.reason !== 'audit').map((i) => i.answerId);
const ids = (r: ReviewSample): string[] => r.items.map((i) => i.answerId);

describe('sampleForReview: strata and allocation', () => {
  it('builds category × model × band strata, disagreement apart, with their weights', () => {
    const r = sampleForReview(SIXTY, { size: 20, seed: 7 });
    expect(r.strata.map((s) => [s.stratum, s.population, s.weight])).toEqual([
      ['MK|a|high', 15, 1],
      ['MK|a|low', 20, 1],
      ['MK|a|near', 10, 2],
      ['MK|a|near|split', 5, 4],
      ['MR|b|none', 6, 1],
      ['MTG|b|high', 4, 1],
    ]);
    expect(stratumKey('MK', 'a', 'near', true)).toBe('MK|a|near|split');
  });

  it('allocates the non-audit part by population × weight, one at least, sizes summing exactly', () => {
    // N = 20, audit round(0.1·20) = 2, stratified 18 over shares 15, 20, 20, 20, 6, 4 (Σ 85): MTG's 0.85 is raised to 1,
    // the other 17 go over 81 as 3.15, 4.20, 4.20, 4.20, 1.26 → floors 3, 4, 4, 4, 1 and the largest remainder (none)
    const r = sampleForReview(SIXTY, { size: 20, seed: 7 });
    expect(sizesOf(r)).toEqual({ 'MK|a|high': 3, 'MK|a|low': 4, 'MK|a|near': 4, 'MK|a|near|split': 4, 'MR|b|none': 2, 'MTG|b|high': 1 });
    expect(r.audit).toEqual({ population: 42, size: 2 });
    expect(r.items).toHaveLength(20);
    expect(r.strata.reduce((a, s) => a + s.audited, 0)).toBe(2);
    expect(r.notes).toEqual([]);
    for (const s of r.strata) expect(picksOf(r, s.stratum)).toHaveLength(s.sampled);
  });

  it('without over-sampling, allocates by population alone', () => {
    const r = sampleForReview(SIXTY, { size: 30, seed: 7, auditShare: 0, nearThresholdWeight: 1, disagreementWeight: 1 });
    // 30 of 60: half of each stratum
    expect(sizesOf(r)).toEqual({ 'MK|a|high': 8, 'MK|a|low': 10, 'MK|a|near': 5, 'MK|a|near|split': 2, 'MR|b|none': 3, 'MTG|b|high': 2 });
  });

  it('honours explicit stratum sizes and shares the rest', () => {
    const r = sampleForReview(SIXTY, { size: 12, seed: 7, auditShare: 0, strataSizes: { 'MK|a|low': 0, 'MK|a|near|split': 5 } });
    // the other 7 over shares 15, 20, 6, 4 (Σ 45): 2.33, 3.11, 0.93 → 1, 0.62 → 1: floors 2, 3, 1, 1
    expect(sizesOf(r)).toEqual({ 'MK|a|high': 2, 'MK|a|low': 0, 'MK|a|near': 3, 'MK|a|near|split': 5, 'MR|b|none': 1, 'MTG|b|high': 1 });
  });

  it('tops the audit slice up when explicit sizes leave the strata too small', () => {
    const small = [...many('x', 3, 'MK', 'a', [1]), ...many('y', 10, 'MR', 'a', [1])];
    const r = sampleForReview(small, { size: 10, seed: 1, auditShare: 0.1, strataSizes: { 'MR|a|low': 2 } });
    expect(sizesOf(r)).toEqual({ 'MK|a|low': 3, 'MR|a|low': 2 });
    expect(r.audit).toEqual({ population: 8, size: 5 });
    expect(r.notes).toEqual(['the strata hold only 5 of the 9 stratified answers: the audit slice takes 5 instead of 1']);
    expect(r.items).toHaveLength(10);
  });

  it('takes every candidate, with π = 1, when the size is larger, and says so', () => {
    const r = sampleForReview(SIXTY.slice(0, 8), { size: 50, seed: 3 });
    expect(r.items).toHaveLength(8);
    expect(r.items.every((i) => i.inclusionProbability === 1)).toBe(true);
    expect(r.notes).toEqual(['size 50 is more than the 8 candidates: all are taken (π = 1)']);
  });

  it('notes strata that can never be drawn', () => {
    const r = sampleForReview(SIXTY, { size: 3, seed: 1, auditShare: 0 });
    expect(r.items).toHaveLength(3);
    expect(r.strata.filter((s) => s.inclusionProbability === 0).map((s) => s.stratum)).toEqual(['MK|a|high', 'MR|b|none', 'MTG|b|high']);
    expect(r.notes).toEqual(['3 strata can never be drawn (no stratified pick and no audit slice): Horvitz–Thompson estimates leave out MK|a|high, MR|b|none, MTG|b|high']);
  });

  it('handles size 0 and no candidates', () => {
    expect(sampleForReview(SIXTY, { size: 0, seed: 1 }).items).toEqual([]);
    expect(sampleForReview([], { size: 5, seed: 1 })).toMatchObject({ items: [], strata: [], audit: { population: 0, size: 0 } });
  });

  it('keeps the sizes exact on any population (property)', () => {
    const candidateArb = fc.record({
      category: fc.constantFrom('MK', 'MR', 'MTG'),
      model: fc.constantFrom('a', 'b'),
      judgeScores: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(candidateArb, { maxLength: 50 }), fc.integer({ min: 0, max: 60 }), fc.integer(), fc.constantFrom(0, 0.1, 0.3), (specs, size, seed, auditShare) => {
        const cands = specs.map((s, i) => candidate(`q${i}`, s.category, s.model, s.judgeScores));
        const r = sampleForReview(cands, { size, seed, auditShare });
        const n = Math.min(size, cands.length);
        expect(r.items).toHaveLength(n);
        expect(new Set(ids(r)).size).toBe(n);
        const stratified = r.strata.reduce((a, s) => a + s.sampled, 0);
        expect(stratified + r.audit.size).toBe(n);
        for (const s of r.strata) {
          expect(s.sampled).toBeLessThanOrEqual(s.population);
          if (stratified >= r.strata.length) expect(s.sampled).toBeGreaterThanOrEqual(1);
        }
        // Σ π over the population is the (fixed) sample size
        expect(r.strata.reduce((a, s) => a + s.population * s.inclusionProbability, 0)).toBeCloseTo(n, 9);
      }),
    );
  });
});

describe('sampleForReview: seeded draws', () => {
  it('is reproducible under a seed and changes with it', () => {
    const a = sampleForReview(SIXTY, { size: 20, seed: 11 });
    expect(sampleForReview(SIXTY, { size: 20, seed: 11 })).toEqual(a);
    const b = sampleForReview(SIXTY, { size: 20, seed: 12 });
    expect(ids(b)).not.toEqual(ids(a));
    expect(sizesOf(b)).toEqual(sizesOf(a)); // the allocation does not depend on the seed
  });

  it('does not depend on the input order', () => {
    for (const seed of [1, 2, 3]) {
      expect(sampleForReview(interleave(SIXTY), { size: 20, seed })).toEqual(sampleForReview(SIXTY, { size: 20, seed }));
      expect(sampleForReview([...SIXTY].reverse(), { size: 20, seed })).toEqual(sampleForReview(SIXTY, { size: 20, seed }));
    }
  });

  it('leaves other strata’s picks alone when a stratum is added', () => {
    const extra = many('other', 9, 'MSE', 'c', [0, 0]);
    const sizes = { 'MK|a|high': 3, 'MK|a|low': 4, 'MK|a|near': 4, 'MK|a|near|split': 4, 'MR|b|none': 2, 'MTG|b|high': 1 };
    for (const seed of [1, 2, 3]) {
      const before = sampleForReview(SIXTY, { size: 18, seed, auditShare: 0, strataSizes: sizes });
      const after = sampleForReview([...extra, ...SIXTY], { size: 20, seed, auditShare: 0, strataSizes: sizes });
      for (const s of before.strata) expect(picksOf(after, s.stratum)).toEqual(picksOf(before, s.stratum));
      expect(picksOf(after, 'MSE|c|low')).toHaveLength(2);
    }
  });

  it('only extends or shortens a stratum’s picks when the added stratum changes its allocation', () => {
    const extra = many('other', 30, 'MSE', 'c', [0, 0]);
    const before = sampleForReview(SIXTY, { size: 20, seed: 5, auditShare: 0 });
    const after = sampleForReview([...SIXTY, ...extra], { size: 20, seed: 5, auditShare: 0 });
    expect(before.strata.filter((s) => sizesOf(after)[s.stratum] !== s.sampled).length).toBeGreaterThan(0);
    for (const s of before.strata) {
      const [shorter, longer] = [picksOf(before, s.stratum), picksOf(after, s.stratum)].sort((x, y) => x.length - y.length);
      expect(longer).toEqual(expect.arrayContaining(shorter!));
    }
  });

  it('draws the audit slice only from answers no stratum chose', () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = sampleForReview(SIXTY, { size: 20, seed, auditShare: 0.25 });
      const audit = r.items.filter((i) => i.reason === 'audit');
      expect(audit).toHaveLength(5);
      expect(r.audit).toEqual({ population: 45, size: 5 });
    }
  });
});

describe('sampleForReview: reasons and inclusion probabilities', () => {
  it('names the reason, disagreement before near-threshold', () => {
    const r = sampleForReview(SIXTY, { size: 60, seed: 1, auditShare: 0 });
    const reasonOf = (id: string): string => r.items.find((i) => i.answerId === id)!.reason;
    expect(reasonOf('split-00')).toBe('judge-disagreement'); // near and split
    expect(reasonOf('nearU-00')).toBe('near-threshold');
    expect(reasonOf('low-00')).toBe('stratified');
    expect(reasonOf('none-00')).toBe('stratified');
  });

  it('gives n_h/N_h + (1 − n_h/N_h)·a/(N − n), hand-computed', () => {
    const r = sampleForReview(SIXTY, { size: 20, seed: 7 });
    // a = 2 audit picks among N − n = 60 − 18 = 42 answers
    const audit = 2 / 42;
    const expected: Record<string, number> = {
      'MK|a|high': 3 / 15 + (12 / 15) * audit,
      'MK|a|low': 4 / 20 + (16 / 20) * audit,
      'MK|a|near': 4 / 10 + (6 / 10) * audit,
      'MK|a|near|split': 4 / 5 + (1 / 5) * audit,
      'MR|b|none': 2 / 6 + (4 / 6) * audit,
      'MTG|b|high': 1 / 4 + (3 / 4) * audit,
    };
    for (const s of r.strata) expect(s.inclusionProbability).toBeCloseTo(expected[s.stratum]!, 12);
    for (const i of r.items) expect(i.inclusionProbability).toBe(r.strata.find((s) => s.stratum === i.stratum)!.inclusionProbability);
    expect(expected['MK|a|near']).toBeCloseTo(0.428571428571, 10);
  });

  it('is n_h/N_h without an audit slice', () => {
    const r = sampleForReview(SIXTY, { size: 20, seed: 7, auditShare: 0 });
    for (const s of r.strata) expect(s.inclusionProbability).toBe(s.sampled / s.population);
  });
});

describe('sampleForReview: bad input', () => {
  const bad = (options: Parameters<typeof sampleForReview>[1], candidates: SamplingCandidate[] = SIXTY) => () => sampleForReview(candidates, options);

  it('names the option', () => {
    expect(bad({ size: -1, seed: 1 })).toThrow('sampling option size: expected an integer ≥ 0, got -1');
    expect(bad({ size: 2.5, seed: 1 })).toThrow('sampling option size: expected an integer ≥ 0, got 2.5');
    expect(bad({ size: 5, seed: 0.5 })).toThrow('sampling option seed');
    expect(bad({ size: 5, seed: 1, perItem: 0 })).toThrow('sampling option perItem: expected an integer ≥ 1, got 0');
    expect(bad({ size: 5, seed: 1, auditShare: 1.5 })).toThrow('sampling option auditShare');
    expect(bad({ size: 5, seed: 1, nearThresholdWeight: 0 })).toThrow('sampling option nearThresholdWeight');
    expect(bad({ size: 5, seed: 1, disagreementWeight: Number.NaN })).toThrow('sampling option disagreementWeight');
    expect(bad({ size: 5, seed: 1, strataSizes: { 'MK|a|low': -2 } })).toThrow('sampling option strataSizes["MK|a|low"]: expected an integer ≥ 0, got -2');
    expect(bad({ size: 5, seed: 1, strataSizes: { 'MK|a|lwo': 1 } })).toThrow('strataSizes["MK|a|lwo"]: no candidate falls in this stratum');
  });

  it('rejects candidates it cannot place', () => {
    const opts = { size: 1, seed: 1 };
    expect(bad(opts, [candidate('a', 'MK', 'm', [1]), candidate('a', 'MK', 'm', [2])])).toThrow('duplicate answerId "a"');
    expect(bad(opts, [candidate('a', 'MK', 'openai|x', [1])])).toThrow('candidate "a": model must be non-empty and without "|"');
    expect(bad(opts, [candidate('a', 'MK', 'm', [6])])).toThrow('candidate "a": judge score 6 outside 0–5');
    expect(bad(opts, [{ ...candidate('a', 'MK', 'm', [1]), threshold: 9 }])).toThrow('candidate "a": threshold 9 outside 0–5');
    expect(sampleForReview([candidate('a', 'MTG', 'm', [6])], opts).strata[0]!.band).toBe('high'); // 6 is fine on 0–7
  });
});
