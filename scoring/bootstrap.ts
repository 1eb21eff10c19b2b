import { deriveSeed, mulberry32 } from './prng.js';

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** coverage of the interval, 0.95 for a 95 % interval */
  level: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { resamples: 1000, seed: 20250604, level: 0.95 };

/** Quantile of sorted values by linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Percentile-bootstrap interval for the percentage of `true` outcomes (0–100). `label` names the stream so that the
 * interval is reproducible for a seed whatever else is computed.
 */
export function bootstrapPercentageCI(outcomes: readonly boolean[], label: string, options: BootstrapOptions): Interval {
  const n = outcomes.length;
  if (n === 0) throw new Error(`bootstrap for ${label}: no outcomes`);
  const random = mulberry32(deriveSeed(options.seed, label));
  const estimates: number[] = [];
  for (let r = 0; r < options.resamples; r++) {
    let hits = 0;
    for (let i = 0; i < n; i++) if (outcomes[Math.floor(random() * n)]) hits++;
    estimates.push((hits / n) * 100);
  }
  estimates.sort((a, b) => a - b);
  const tail = (1 - options.level) / 2;
  return { low: quantile(estimates, tail), high: quantile(estimates, 1 - tail) };
}
