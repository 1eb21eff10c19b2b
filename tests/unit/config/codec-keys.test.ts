import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codecAuthTokenFrom, codecKeysFrom } from '../../../config/codec-keys.js';

const k1 = randomBytes(32);
const k0 = randomBytes(32);
const b64 = (b: Buffer) => b.toString('base64');

describe('codecKeysFrom', () => {
  it('no key: no codec', () => {
    expect(codecKeysFrom({})).toBeUndefined();
  });

  it('the current key under its id, older keys for decoding', () => {
    const keys = codecKeysFrom({ MEDEVAL_CODEC_KEY: b64(k1), MEDEVAL_CODEC_KEY_ID: 'k2026-12', MEDEVAL_CODEC_OLD_KEYS: `k2026-06:${b64(k0)}, k2025:${b64(randomBytes(32))}` });
    expect(keys?.currentId).toBe('k2026-12');
    expect([...keys!.keys.keys()]).toEqual(['k2026-12', 'k2026-06', 'k2025']);
    expect(keys!.keys.get('k2026-12')!.equals(k1)).toBe(true);
    expect(keys!.keys.get('k2026-06')!.equals(k0)).toBe(true);
  });

  it('bad values: errors name the variable and never echo the value', () => {
    const secretish = 'c2VjcmV0LXNlY3JldC1zZWNyZXQ=';
    const cases: [Record<string, string>, RegExp][] = [
      [{ MEDEVAL_CODEC_KEY: secretish, MEDEVAL_CODEC_KEY_ID: 'k1' }, /MEDEVAL_CODEC_KEY: the key must be 32 bytes \(AES-256\), got 20/],
      [{ MEDEVAL_CODEC_KEY: 'not base64 at all!', MEDEVAL_CODEC_KEY_ID: 'k1' }, /MEDEVAL_CODEC_KEY: the key is not base64/],
      [{ MEDEVAL_CODEC_KEY: b64(k1) }, /MEDEVAL_CODEC_KEY_ID must name the key/],
      [{ MEDEVAL_CODEC_KEY: b64(k1), MEDEVAL_CODEC_KEY_ID: 'k 1' }, /MEDEVAL_CODEC_KEY_ID: a key id is a name/],
      [{ MEDEVAL_CODEC_KEY: b64(k1), MEDEVAL_CODEC_KEY_ID: 'k1', MEDEVAL_CODEC_OLD_KEYS: secretish }, /MEDEVAL_CODEC_OLD_KEYS: entry 1 is not id:base64/],
      [{ MEDEVAL_CODEC_KEY: b64(k1), MEDEVAL_CODEC_KEY_ID: 'k1', MEDEVAL_CODEC_OLD_KEYS: `k0:${b64(k0)},k0:${b64(k0)}` }, /entry 2: key id k0 is given twice/],
      [{ MEDEVAL_CODEC_KEY: b64(k1), MEDEVAL_CODEC_KEY_ID: 'k1', MEDEVAL_CODEC_OLD_KEYS: `k1:${b64(k0)}` }, /key id k1 is given twice \(or is the current/],
      [{ MEDEVAL_CODEC_KEY: b64(k1), MEDEVAL_CODEC_KEY_ID: 'k1', MEDEVAL_CODEC_OLD_KEYS: `k0:${secretish}` }, /MEDEVAL_CODEC_OLD_KEYS: entry 1 \(k0\) must be 32 bytes/],
      [{ MEDEVAL_CODEC_OLD_KEYS: `k0:${b64(k0)}` }, /MEDEVAL_CODEC_KEY is not set, but MEDEVAL_CODEC_OLD_KEYS is/],
    ];
    for (const [env, message] of cases) {
      let error = '';
      try {
        codecKeysFrom(env);
      } catch (err) {
        error = (err as Error).message;
      }
      expect(error).toMatch(message);
      for (const value of Object.values(env)) if (value.length > 3) expect(error).not.toContain(value);
      expect(error).not.toContain(secretish.slice(0, 12));
    }
  });
});

describe('codecAuthTokenFrom', () => {
  it('required, long enough, one word', () => {
    expect(() => codecAuthTokenFrom({})).toThrow(/MEDEVAL_CODEC_AUTH_TOKEN is not set/);
    expect(() => codecAuthTokenFrom({ MEDEVAL_CODEC_AUTH_TOKEN: 'short' })).toThrow(/at least 16 characters, got 5/);
    expect(() => codecAuthTokenFrom({ MEDEVAL_CODEC_AUTH_TOKEN: 'two words that are long' })).toThrow(/no spaces/);
    expect(codecAuthTokenFrom({ MEDEVAL_CODEC_AUTH_TOKEN: 'x'.repeat(32) })).toBe('x'.repeat(32));
  });
});
