import type { Interval } from '../bootstrap.js';

/** Reports show percentages with two decimals; the JSON keeps them unrounded. */
export function formatPercent(value: number): string {
  return value.toFixed(2);
}

export function formatInterval(ci: Interval): string {
  return `[${formatPercent(ci.low)}, ${formatPercent(ci.high)}]`;
}

export function formatOptional(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}
