import { quantile, type BootstrapOptions, type Interval } from '../bootstrap.js';
import { deriveSeed, mulberry32 } from '../prng.js';

export interface ItemBootstrap {
  estimate: number | null;
  /** null when the estimate is, or when no resample gave a value */
  interval: Interval | null;
  /** resamples on which the statistic was undefined (e.g. kappa when every pair said usable); left out of the interval */
  undefinedResamples: number;
}

/**
 * Percentile-bootstrap interval for a statistic of a list of items, resampling ITEMS with replacement, so that an
 * item's several reviews stay together. `label` names the PRNG stream (`deriveSeed(seed, label)`), so the interval
 * depends on the seed and its label only.
 */
export function bootstrapItemsCI<T>(items: readonly T[], statistic: (sample: readonly T[]) => number | null, label: string, options: BootstrapOptions): ItemBootstrap {
  const estimate = items.length === 0 ? null : statistic(items);
  if (estimate === null) return { estimate, interval: null, undefinedResamples: 0 };
  const random = mulberry32(deriveSeed(options.seed, label));
  const n = items.length;
  const values: number[] = [];
  for (let r = 0; r < options.resamples; r++) {
    const sample = Array.from({ length: n }, () => items[Math.floor(random() * n)]!);
    const value = statistic(sample);
    if (value !== null) values.push(value);
  }
  const undefinedResamples = options.resamples - values.length;
  if (values.length === 0) return { estimate, interval: null, undefinedResamples };
  values.sort((a, b) => a - b);
  const tail = (1 - options.level) / 2;
  return { estimate, interval: { low: quantile(values, tail), high: quantile(values, 1 - tail) }, undefinedResamples };
}
