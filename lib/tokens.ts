import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from './content-hash.js';

/** A bearer secret: 32 random bytes, URL-safe. Shown once; only its digest is ever stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What is stored and looked up instead of a token: a leaked database does not sign anyone in. */
export const tokenDigest = (token: string): string => sha256Hex(token);

/** A value derived from a secret for one purpose (e.g. a session's CSRF token): recomputed, never stored. */
export const derivedToken = (secret: string, purpose: string): string => createHmac('sha256', secret).update(purpose).digest('base64url');

/** Compares two tokens in constant time, so a guess learns nothing from how long the refusal took. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
