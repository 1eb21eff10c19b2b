/** Keeps API keys out of messages, logs and stored errors, whatever a server or library echoes back. */
import { errorNameOf } from './error-facts.js';

const REDACTED = '[REDACTED]';

// Shapes of credentials a server may echo even when we do not know the exact value (another key, a partial one).
const KEY_PATTERNS: readonly RegExp[] = [/\bsk-(?:ant-)?[A-Za-z0-9_*.-]{5,}[A-Za-z0-9_*]/g, /\bBearer\s+[A-Za-z0-9._~+/=-]{6,}/gi];

export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const known = secrets
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .flatMap((s) => [s, encodeURIComponent(s)])
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of known) out = out.split(secret).join(REDACTED);
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
