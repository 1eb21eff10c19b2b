import { scaledInteger, SCALE_BITS } from '../exact-binary.js';
import type { Interval } from '../bootstrap.js';

/**
 * `x` with `digits` decimals as Python's `format(round(x, digits), f'.{digits}f')` prints it: the exact binary
 * value rounded half to even (3.125 → 3.12, 2.675 → 2.67, 85 → 85.00). JavaScript's toFixed rounds exact ties up,
 * so its last digit would differ from Aggregate.py's on values such as 3.125.
 */
export function formatFixed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const n = scaledInteger(x);
  const negative = n < 0n;
  const num = (negative ? -n : n) * 10n ** BigInt(digits);
  const den = 1n << SCALE_BITS;
  let k = num / den;
  const twice = (num - k * den) * 2n;
  if (twice > den || (twice === den && (k & 1n) === 1n)) k += 1n;
  const text = k.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/** Reports show percentages with two decimals, rounded as Aggregate.py rounds them; the JSON keeps them unrounded. */
export function formatPercent(value: number): string {
  return formatFixed(value, 2);
}

/** A proportion (0–1) as a two-decimal percentage, rounded as `formatPercent` rounds. */
export function formatShare(value: number): string {
  return formatPercent(100 * value);
}

export function formatInterval(ci: Interval): string {
  return `[${formatPercent(ci.low)}, ${formatPercent(ci.high)}]`;
}

export function formatOptional(value: number | null, digits = 2): string {
  return value === null ? '—' : formatFixed(value, digits);
}
