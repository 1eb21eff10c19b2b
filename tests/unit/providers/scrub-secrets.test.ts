import { describe, expect, it } from 'vitest';
import { scrubbedErrorCopy, scrubSecrets } from '../../../providers/scrub-secrets.js';

describe('scrubSecrets', () => {
  it('replaces every occurrence of each known secret, longest first', () => {
    expect(scrubSecrets('key abc123XYZ and abc123XYZ-extended', ['abc123XYZ', 'abc123XYZ-extended'])).toBe('key [REDACTED] and [REDACTED]');
  });

  it('also catches the URL-encoded form and key-shaped tokens it was not told about', () => {
    expect(scrubSecrets('q=a%2Fb%3Dc', ['a/b=c'])).toBe('q=[REDACTED]');
    const stranger = ['sk', 'proj', 'Zz9Yy8Xx7Ww6'].join('-');
    expect(scrubSecrets(`Incorrect API key provided: ${stranger}.`, [])).toBe('Incorrect API key provided: [REDACTED].');
    expect(scrubSecrets('Authorization: Bearer abcdef123456', [])).toBe('Authorization: [REDACTED]');
  });

  it('ignores empty and undefined secrets and leaves ordinary text alone', () => {
    expect(scrubSecrets('nothing secret here', ['', undefined])).toBe('nothing secret here');
  });

  it('scrubbedErrorCopy scrubs message and the whole cause chain, keeping names and codes', () => {
    const inner = Object.assign(new Error('socket for key-42xyz closed'), { code: 'ECONNRESET' });
    const outer = new TypeError('call with key-42xyz failed', { cause: inner });
    const copy = scrubbedErrorCopy(outer, ['key-42xyz']);
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe('call with [REDACTED] failed');
    expect(copy.cause).toMatchObject({ message: 'socket for [REDACTED] closed', code: 'ECONNRESET' });
    expect(copy.stack).not.toContain('key-42xyz');
  });
});

describe('scrubSecrets: encoded and truncated echoes', () => {
  const key = ['sk', 'live', 'Q7w8E9r0T1y2U3i4O5p6A7s8'].join('_');

  it('removes the base64 of the key at each of the three byte offsets, standard and URL-safe', () => {
    for (const prefix of ['', 'u:', 'us:', 'user:']) {
      for (const alphabet of ['base64', 'base64url'] as const) {
        const header = `Basic ${Buffer.from(`${prefix}${key}`).toString(alphabet)}`;
        const out = scrubSecrets(`auth failed for ${header}`, [key]);
        expect(out).toContain('[REDACTED]');
        // nothing of the encoded key survives: at most the few characters that mix the prefix in
        const encodedKey = Buffer.from(key).toString(alphabet);
        for (let i = 0; i + 12 <= encodedKey.length; i++) expect(out).not.toContain(encodedKey.slice(i, i + 12));
      }
    }
  });

  it('removes URL-encoded and truncated forms (a run of 12 or more of its characters)', () => {
    expect(scrubSecrets(`k=${encodeURIComponent(key)}`, [key])).toBe('k=[REDACTED]');
    const truncated = key.slice(3, 18);
    expect(scrubSecrets(`key ending ...${truncated}... refused`, [key])).toBe('key ending ...[REDACTED]... refused');
    // 11 characters are not an echo: ordinary text that shares a few characters stays
    expect(scrubSecrets(`x ${key.slice(0, 11)} y`, [key])).toBe(`x ${key.slice(0, 11)} y`);
  });
});
