import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../../lib/aead.js';

const key = randomBytes(32);
const text = Buffer.from('空腹血糖是6.5 mmol/L');

describe('AES-256-GCM seal / open', () => {
  it('opens what it sealed; the box is iv ‖ ciphertext ‖ tag and holds no plaintext', () => {
    const box = seal(key, text, Buffer.from('k1'));
    expect(box.length).toBe(12 + text.length + 16);
    expect(box.includes(text)).toBe(false);
    expect(open(key, box, Buffer.from('k1')).equals(text)).toBe(true);
  });

  it('a fresh IV each time: the same text seals differently', () => {
    expect(seal(key, text).equals(seal(key, text))).toBe(false);
  });

  it('refuses another key, another context, or a flipped bit', () => {
    const box = seal(key, text, Buffer.from('k1'));
    expect(() => open(randomBytes(32), box, Buffer.from('k1'))).toThrow(/does not authenticate/);
    expect(() => open(key, box, Buffer.from('k2'))).toThrow(/does not authenticate/);
    const altered = Buffer.from(box);
    altered[14] = altered[14]! ^ 1;
    expect(() => open(key, altered, Buffer.from('k1'))).toThrow(/does not authenticate/);
    expect(() => open(key, box.subarray(0, 20), Buffer.from('k1'))).toThrow(/too short/);
  });

  it('only a 32-byte key', () => {
    expect(() => seal(randomBytes(16), text)).toThrow(/32-byte key, got 16/);
  });
});
