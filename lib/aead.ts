import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const AES_256_KEY_BYTES = 32;

/**
 * AES-256-GCM with a fresh 96-bit IV per message: `iv ‖ ciphertext ‖ tag`. `context` is authenticated but not
 * encrypted (e.g. the key id), so a sealed box moved under another label does not open.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, context: Uint8Array = new Uint8Array()): Buffer {
  if (key.length !== AES_256_KEY_BYTES) throw new Error(`AES-256-GCM needs a ${AES_256_KEY_BYTES}-byte key, got ${key.length}`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(context);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Opens what `seal` made with the same key and context; anything else (tampered, wrong key or context) throws. */
export function open(key: Uint8Array, sealed: Uint8Array, context: Uint8Array = new Uint8Array()): Buffer {
  if (key.length !== AES_256_KEY_BYTES) throw new Error(`AES-256-GCM needs a ${AES_256_KEY_BYTES}-byte key, got ${key.length}`);
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed data is too short to be AES-256-GCM output');
  const box = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV_BYTES)).setAAD(context);
  decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(box.subarray(IV_BYTES, box.length - TAG_BYTES)), decipher.final()]);
  } catch (err) {
    throw new Error('sealed data does not authenticate (wrong key, or altered)', { cause: err });
  }
}
