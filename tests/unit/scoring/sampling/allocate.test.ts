import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateStrata, proportionalAllocation, type AllocationStratum } from '../../../../scoring/sampling/allocate.js';

const strata = (...spec: [string, number, number?][]): AllocationStratum[] => spec.map(([key, population, weight]) => ({ key, population, weight: weight ?? 1 }));
const asObject = (m: Map<string, number>): Record<string, number> => Object.fromEntries(m);

describe('proportionalAllocation', () => {
  it('is proportional to population when weights are equal', () => {
    expect(asObject(proportionalAllocation(strata(['a', 20], ['b', 30], ['c', 50]), 10))).toEqual({ a: 2, b: 3, c: 5 });
  });

  it('is proportional to population × weight', () => {
    // shares 20·2 = 40 and 40·1 = 40
    expect(asObject(proportionalAllocation(strata(['a', 20, 2], ['b', 40]), 12))).toEqual({ a: 6, b: 6 });
    // shares 10·3 = 30, 30·1 = 30, 60·0.5 = 30
    expect(asObject(proportionalAllocation(strata(['a', 10, 3], ['b', 30], ['c', 60, 0.5]), 9))).toEqual({ a: 3, b: 3, c: 3 });
  });

  it('gives every stratum at least one when the total allows, taking it from the proportional rest', () => {
    // plain proportional would be 0.1, 0.1, 9.8
    expect(asObject(proportionalAllocation(strata(['a', 1], ['b', 1], ['c', 98]), 10))).toEqual({ a: 1, b: 1, c: 8 });
  });

  it('with fewer slots than strata, gives them to the largest shares', () => {
    // quotas 1.11, 0.67, 0.22: floors 1, 0, 0, the remaining one to b
    expect(asObject(proportionalAllocation(strata(['a', 5], ['b', 3], ['c', 1]), 2))).toEqual({ a: 1, b: 1, c: 0 });
  });

  it('never exceeds a stratum and hands the excess to the others', () => {
    // a's quota 10·20/70 = 2.86 is above its 2 answers: a 2, b the other 8
    expect(asObject(proportionalAllocation(strata(['a', 2, 10], ['b', 50]), 10))).toEqual({ a: 2, b: 8 });
    // two capped strata, then the rest proportional: c and d share 20 − 3 − 1 = 16 as 40:40
    expect(asObject(proportionalAllocation(strata(['a', 3, 100], ['b', 1, 100], ['c', 40], ['d', 40]), 20))).toEqual({ a: 3, b: 1, c: 8, d: 8 });
  });

  it('rounds by largest remainder, ties by key', () => {
    // 3.33 each: floors 3, 3, 3 and the one left to the first key
    expect(asObject(proportionalAllocation(strata(['c', 10], ['a', 10], ['b', 10]), 10))).toEqual({ a: 4, b: 3, c: 3 });
    // quotas 1.4, 2.6, 6.0 → 1, 3, 6
    expect(asObject(proportionalAllocation(strata(['a', 7], ['b', 13], ['c', 30]), 10))).toEqual({ a: 1, b: 3, c: 6 });
  });

  it('takes everything when the total reaches the population', () => {
    expect(asObject(proportionalAllocation(strata(['a', 2], ['b', 3]), 9))).toEqual({ a: 2, b: 3 });
    expect(asObject(proportionalAllocation(strata(['a', 2], ['b', 3]), 0))).toEqual({ a: 0, b: 0 });
  });

  it('sums exactly, stays within each stratum, and gives one each when it can (property)', () => {
    const spec = fc.array(fc.record({ population: fc.integer({ min: 1, max: 40 }), weight: fc.constantFrom(0.5, 1, 2, 3, 4) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(spec, fc.integer({ min: 0, max: 200 }), (specs, total) => {
        const input = specs.map((s, i) => ({ key: `s${i}`, ...s }));
        const sizes = proportionalAllocation(input, total);
        const capacity = input.reduce((a, s) => a + s.population, 0);
        expect([...sizes.values()].reduce((a, b) => a + b, 0)).toBe(Math.min(total, capacity));
        for (const s of input) {
          const n = sizes.get(s.key)!;
          expect(n).toBeLessThanOrEqual(s.population);
          if (total >= input.length) expect(n).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });

  it('rounds each plain proportional quota down or up (property)', () => {
    // populations above the total and every quota ≥ 1: neither caps nor the minimum of one bind
    const spec = fc.array(fc.record({ population: fc.integer({ min: 30, max: 40 }), weight: fc.constantFrom(1, 2) }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(spec, fc.integer({ min: 6, max: 30 }), (specs, total) => {
        const input = specs.map((s, i) => ({ key: `s${i}`, ...s }));
        const sizes = proportionalAllocation(input, total);
        const shares = input.reduce((a, s) => a + s.population * s.weight, 0);
        const quotas = input.map((s) => (total * s.population * s.weight) / shares);
        fc.pre(quotas.every((q) => q >= 1));
        input.forEach((s, i) => expect(Math.abs(sizes.get(s.key)! - quotas[i]!)).toBeLessThan(1));
      }),
    );
  });
});

describe('allocateStrata', () => {
  it('keeps explicit sizes and shares the rest proportionally', () => {
    expect(asObject(allocateStrata(strata(['a', 20], ['b', 30], ['c', 50]), 10, { a: 5 }))).toEqual({ a: 5, b: 2, c: 3 });
    expect(asObject(allocateStrata(strata(['a', 20], ['b', 30]), 10, { a: 0 }))).toEqual({ a: 0, b: 10 });
  });

  it('falls short only when the other strata cannot hold the rest', () => {
    expect(asObject(allocateStrata(strata(['a', 20], ['b', 3]), 10, { a: 4 }))).toEqual({ a: 4, b: 3 });
  });

  it('rejects explicit sizes it cannot honour, naming the option', () => {
    expect(() => allocateStrata(strata(['a', 5]), 3, { x: 1 })).toThrow('strataSizes["x"]: no candidate falls in this stratum');
    expect(() => allocateStrata(strata(['a', 5]), 9, { a: 6 })).toThrow('strataSizes["a"]: 6 is more than the stratum\'s 5 answers');
    expect(() => allocateStrata(strata(['a', 5], ['b', 5]), 5, { a: 3, b: 3 })).toThrow('strataSizes: they sum to 6, more than the 5 answers');
  });
});
