import { describe, expect, it } from 'vitest';
import { bootstrapPercentageCI } from '../../../../scoring/bootstrap.js';
import { bootstrapItemsCI } from '../../../../scoring/agreement/bootstrap-ci.js';

const options = { resamples: 400, seed: 7, level: 0.95 };
const share = (sample: readonly boolean[]) => (sample.length === 0 ? null : (100 * sample.filter(Boolean).length) / sample.length);

describe('bootstrapItemsCI', () => {
  const outcomes = [true, true, false, true, false, true, true, true, false, true];

  it("draws exactly as scoring/bootstrap.ts does: the same stream gives bootstrapPercentageCI's interval", () => {
    const mine = bootstrapItemsCI(outcomes, share, 'MK', options);
    expect(mine.estimate).toBe(70);
    expect(mine.interval).toEqual(bootstrapPercentageCI(outcomes, 'MK', options));
    expect(mine.undefinedResamples).toBe(0);
  });

  it('is reproducible for a seed and label, and another label is another stream', () => {
    const a = bootstrapItemsCI(outcomes, share, 'MK|agreement', options);
    expect(bootstrapItemsCI(outcomes, share, 'MK|agreement', options)).toEqual(a);
    const others = ['MR|agreement', 'MLU|agreement', 'MSE|agreement'].map((label) => bootstrapItemsCI(outcomes, share, label, options).interval);
    expect(others.some((i) => i!.low !== a.interval!.low || i!.high !== a.interval!.high)).toBe(true);
  });

  it('resamples whole items, so an item carrying several pairs keeps them together', () => {
    // items of two pairs each that always agree with each other: every resample's pair count is even
    const items = [[true, true], [false, false], [true, true]];
    const seen = new Set<number>();
    bootstrapItemsCI(items, (sample) => {
      seen.add(sample.flat().length % 2);
      return sample.flat().filter(Boolean).length / sample.flat().length;
    }, 'pairs', options);
    expect([...seen]).toEqual([0]);
  });

  it('leaves undefined resamples out and counts them; no estimate, no interval', () => {
    // kappa-like statistic: undefined when the resample has one kind only (probability 2/2² = 1/2 per resample)
    const mixed = (sample: readonly boolean[]) => (sample.every((v) => v === sample[0]) ? null : share(sample));
    const r = bootstrapItemsCI([true, false], mixed, 'mixed', options);
    expect(r.undefinedResamples).toBeGreaterThan(100);
    expect(r.undefinedResamples).toBeLessThan(300);
    expect(r.interval).toEqual({ low: 50, high: 50 });
    expect(bootstrapItemsCI([], share, 'none', options)).toEqual({ estimate: null, interval: null, undefinedResamples: 0 });
    expect(bootstrapItemsCI([true, true], mixed, 'same', options)).toEqual({ estimate: null, interval: null, undefinedResamples: 0 });
  });
});
