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
