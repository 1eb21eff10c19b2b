import { createHash } from 'node:crypto';

/** First 12 hex digits of the sha256 of a text: short enough to read in a report, long enough not to collide. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}
