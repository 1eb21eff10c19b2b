import type { SamplingOptions } from './types.js';

export const DEFAULT_PER_ITEM = 2;
export const DEFAULT_AUDIT_SHARE = 0.1;
export const DEFAULT_NEAR_THRESHOLD_WEIGHT = 2;
export const DEFAULT_DISAGREEMENT_WEIGHT = 2;

export type ResolvedSamplingOptions = Required<Omit<SamplingOptions, 'strataSizes'>> & { strataSizes: Readonly<Record<string, number>> };

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`sampling option ${name}: expected an integer ≥ ${min}, got ${value}`);
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`sampling option ${name}: expected a finite number > 0, got ${value}`);
}

/** Defaults filled in and every option checked, each error naming its option. */
export function resolveSamplingOptions(options: SamplingOptions): ResolvedSamplingOptions {
  const resolved = {
    size: options.size,
    seed: options.seed,
    perItem: options.perItem ?? DEFAULT_PER_ITEM,
    auditShare: options.auditShare ?? DEFAULT_AUDIT_SHARE,
    nearThresholdWeight: options.nearThresholdWeight ?? DEFAULT_NEAR_THRESHOLD_WEIGHT,
    disagreementWeight: options.disagreementWeight ?? DEFAULT_DISAGREEMENT_WEIGHT,
    strataSizes: options.strataSizes ?? {},
  };
  requireInteger('size', resolved.size, 0);
  if (!Number.isSafeInteger(resolved.seed)) throw new Error(`sampling option seed: expected an integer, got ${resolved.seed}`);
  requireInteger('perItem', resolved.perItem, 1);
  if (!(resolved.auditShare >= 0 && resolved.auditShare <= 1)) throw new Error(`sampling option auditShare: expected a number in [0, 1], got ${resolved.auditShare}`);
  requirePositive('nearThresholdWeight', resolved.nearThresholdWeight);
  requirePositive('disagreementWeight', resolved.disagreementWeight);
  for (const [key, n] of Object.entries(resolved.strataSizes)) requireInteger(`strataSizes["${key}"]`, n, 0);
  return resolved;
}
