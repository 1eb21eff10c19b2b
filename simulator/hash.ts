import { createHash } from 'node:crypto';

/** Deterministic hex digest of the parts; every "random" choice of the fake provider comes from one. */
export function hashHex(...parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A number in [0, 1) from the parts: a seeded draw that does not depend on the order calls arrive in. */
export function unitFloat(...parts: readonly unknown[]): number {
  return parseInt(hashHex(...parts).slice(0, 12), 16) / 2 ** 48;
}
