import { createHash } from 'node:crypto';
import JSON5 from 'json5';

/** JSON5 text with keys sorted, so equal content gives equal hashes whatever the key order (NaN kept). */
export function canonicalJson(value: unknown): string {
  return JSON5.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function contentHash(value: unknown): string {
  return sha256(canonicalJson(value));
}
