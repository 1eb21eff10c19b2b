import { InvalidArgumentError } from 'commander';

export interface NumberBounds {
  min?: number;
  max?: number;
}

/**
 * A commander parser for a numeric option; commander reports the error with the option's name. Every option is
 * bounded (integers by the largest exact integer at least), so a typo cannot ask for a billion of anything.
 */
export function numberOption(kind: 'number' | 'integer' | 'positive integer' = 'number', bounds: NumberBounds = {}): (value: string) => number {
  const min = bounds.min ?? (kind === 'positive integer' ? 1 : kind === 'integer' ? Number.MIN_SAFE_INTEGER : -Number.MAX_VALUE);
  const max = bounds.max ?? (kind === 'number' ? Number.MAX_VALUE : Number.MAX_SAFE_INTEGER);
  return (value) => {
    const n = Number(value);
    const ok = value.trim() !== '' && Number.isFinite(n) && (kind === 'number' || Number.isInteger(n));
    if (!ok) throw new InvalidArgumentError(`expected a ${kind}, got "${value}"`);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a ${kind} from ${min} to ${max}, got "${value}"`);
    return n;
  };
}
