/** Keeps API keys out of messages, logs and stored errors, whatever a server or library echoes back. */
import { errorNameOf } from './error-facts.js';

const REDACTED = '[REDACTED]';

// Shapes of credentials a server may echo even when we do not know the exact value (another key, a partial one).
const KEY_PATTERNS: readonly RegExp[] = [/\bsk-(?:ant-)?[A-Za-z0-9_*.-]{5,}[A-Za-z0-9_*]/g, /\bBearer\s+[A-Za-z0-9._~+/=-]{6,}/gi];

/** A run of this many characters of a key (or of one of its encodings) is taken for a truncated echo of it. */
export const MIN_ECHO_LENGTH = 12;

/**
 * The key as it may be echoed inside base64 (e.g. a Basic auth header): one stable run of characters for each of
 * the three byte offsets the key can start at, standard and URL-safe alphabets.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // only the characters whose six bits all come from the key
    const run = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    forms.push(run, run.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

function formsOf(secret: string): string[] {
  // a short base64 run would match ordinary text; keys are long enough that theirs are not short
  return [secret, encodeURIComponent(secret), ...base64Forms(secret).filter((f) => f.length >= MIN_ECHO_LENGTH)];
}

/** Marks every stretch of `text` covered by a window of MIN_ECHO_LENGTH characters that occurs in one of `forms`. */
function echoedRuns(text: string, forms: readonly string[]): [number, number][] {
  const windows = new Set<string>();
  for (const form of forms) for (let i = 0; i + MIN_ECHO_LENGTH <= form.length; i++) windows.add(form.slice(i, i + MIN_ECHO_LENGTH));
  if (windows.size === 0) return [];
  const runs: [number, number][] = [];
  for (let i = 0; i + MIN_ECHO_LENGTH <= text.length; i++) {
    if (!windows.has(text.slice(i, i + MIN_ECHO_LENGTH))) continue;
    const last = runs.at(-1);
    if (last && i <= last[1]) last[1] = i + MIN_ECHO_LENGTH;
    else runs.push([i, i + MIN_ECHO_LENGTH]);
  }
  return runs;
}

export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const forms = secrets
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .flatMap(formsOf)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of forms) out = out.split(form).join(REDACTED);
  // truncated or partly encoded echoes: whatever runs of the key's characters are left
  const runs = echoedRuns(out, forms);
  for (const [start, end] of runs.reverse()) out = `${out.slice(0, start)}${REDACTED}${out.slice(end)}`;
  for (const pattern of KEY_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/**
 * A copy of an error (name, code, message and cause chain) with secrets scrubbed, fit to be kept as the `cause`
 * of a ProviderError: the original may carry an echoed key in its message or in a nested cause.
 */
export function scrubbedErrorCopy(err: unknown, secrets: readonly (string | undefined)[], depth = 0): Error {
  const source = err instanceof Error ? err : new Error(String(err));
  const nested = depth < 4 && source.cause !== undefined ? scrubbedErrorCopy(source.cause, secrets, depth + 1) : undefined;
  const copy = new Error(scrubSecrets(source.message, secrets), nested ? { cause: nested } : undefined);
  copy.name = errorNameOf(source);
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  return copy;
}
