import { createHash } from 'node:crypto';
import JSON5 from 'json5';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The first hex digits of a text's sha256: 12 are short enough to read in a report, long enough not to collide. */
export function shortHash(text: string, digits = 12): string {
  return sha256Hex(text).slice(0, digits);
}

/** JSON5 text with keys sorted, so equal content gives equal hashes whatever the key order (NaN kept). */
export function canonicalJson(value: unknown): string {
  return JSON5.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** sha256 of a value's canonical JSON: the same content always hashes the same. */
export function valueHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
