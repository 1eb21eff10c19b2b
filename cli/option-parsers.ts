import { InvalidArgumentError } from 'commander';

/** A commander parser for a numeric option; commander reports the error with the option's name. */
export function numberOption(kind: 'number' | 'integer' | 'positive integer' = 'number'): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const ok =
      value.trim() !== '' &&
      Number.isFinite(n) &&
      (kind === 'number' || Number.isInteger(n)) &&
      (kind !== 'positive integer' || n > 0);
    if (!ok) throw new InvalidArgumentError(`expected a ${kind}, got "${value}"`);
    return n;
  };
}
