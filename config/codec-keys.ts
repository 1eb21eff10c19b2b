/**
 * The payload codec's keys, from the environment only (never a file, the store or history):
 * MEDEVAL_CODEC_KEY (base64 of 32 bytes) encrypts, under the id in MEDEVAL_CODEC_KEY_ID; MEDEVAL_CODEC_OLD_KEYS
 * (`id:base64,id:base64`) only decrypt, so keys can rotate while old histories stay readable. Errors name the
 * variable and what is wrong, never the value.
 */
export interface CodecKeys {
  /** the id new payloads are encrypted under */
  currentId: string;
  /** every key that may decrypt, the current one included */
  keys: ReadonlyMap<string, Buffer>;
}

export const CODEC_KEY_ENV = 'MEDEVAL_CODEC_KEY';
export const CODEC_KEY_ID_ENV = 'MEDEVAL_CODEC_KEY_ID';
export const CODEC_OLD_KEYS_ENV = 'MEDEVAL_CODEC_OLD_KEYS';

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function key(variable: string, what: string, text: string): Buffer {
  const trimmed = text.trim();
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
  if (!bytes) throw new Error(`environment variable ${variable}: ${what} is not base64 (e.g. \`openssl rand -base64 32\`)`);
  if (bytes.length !== 32) throw new Error(`environment variable ${variable}: ${what} must be 32 bytes (AES-256), got ${bytes.length}`);
  return bytes;
}

function keyId(variable: string, text: string): string {
  if (!KEY_ID.test(text)) throw new Error(`environment variable ${variable}: a key id is a name of letters, digits, '.', '_' and '-' (at most 64), starting with a letter or digit`);
  return text;
}

/** The codec's keys, or undefined when MEDEVAL_CODEC_KEY is not set (payloads stay plain). */
export function codecKeysFrom(env: NodeJS.ProcessEnv = process.env): CodecKeys | undefined {
  const current = env[CODEC_KEY_ENV];
  if (!current) {
    if (env[CODEC_KEY_ID_ENV] || env[CODEC_OLD_KEYS_ENV]) throw new Error(`environment variable ${CODEC_KEY_ENV} is not set, but ${env[CODEC_KEY_ID_ENV] ? CODEC_KEY_ID_ENV : CODEC_OLD_KEYS_ENV} is: set the key too, or neither`);
    return undefined;
  }
  const idText = env[CODEC_KEY_ID_ENV];
  if (!idText) throw new Error(`environment variable ${CODEC_KEY_ID_ENV} must name the key in ${CODEC_KEY_ENV} (e.g. k2026-12), so it can rotate later`);
  const currentId = keyId(CODEC_KEY_ID_ENV, idText);
  const keys = new Map([[currentId, key(CODEC_KEY_ENV, 'the key', current)]]);
  const old = env[CODEC_OLD_KEYS_ENV]?.trim();
  for (const [n, entry] of (old ? old.split(',') : []).entries()) {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new Error(`environment variable ${CODEC_OLD_KEYS_ENV}: entry ${n + 1} is not id:base64`);
    const id = keyId(CODEC_OLD_KEYS_ENV, entry.slice(0, colon).trim());
    if (keys.has(id)) throw new Error(`environment variable ${CODEC_OLD_KEYS_ENV}: entry ${n + 1}: key id ${id} is given twice (or is the current ${CODEC_KEY_ID_ENV})`);
    keys.set(id, key(CODEC_OLD_KEYS_ENV, `entry ${n + 1} (${id})`, entry.slice(colon + 1)));
  }
  return { currentId, keys };
}

export const CODEC_AUTH_TOKEN_ENV = 'MEDEVAL_CODEC_AUTH_TOKEN';

/** The bearer token the codec server asks of whoever decodes: required, and long enough not to be guessed. */
export function codecAuthTokenFrom(env: NodeJS.ProcessEnv = process.env): string {
  const token = env[CODEC_AUTH_TOKEN_ENV]?.trim();
  if (!token) throw new Error(`environment variable ${CODEC_AUTH_TOKEN_ENV} is not set: the codec server decodes only for callers that send it as a bearer token (e.g. \`openssl rand -base64 32\`)`);
  if (token.length < 16) throw new Error(`environment variable ${CODEC_AUTH_TOKEN_ENV}: at least 16 characters, got ${token.length}`);
  if (/\s/.test(token)) throw new Error(`environment variable ${CODEC_AUTH_TOKEN_ENV}: no spaces (it travels in an Authorization header)`);
  return token;
}
