import { classifyFacts } from './classify-error.js';
import type { BatchItemResult, CompletionResult } from './contract.js';
import { ProviderError } from './errors.js';
import { scrubSecrets } from './scrub-secrets.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * A batch item's error, an HTTP status and the provider's error body (OpenAI `{error: {message, type, code}}`,
 * Anthropic `{type: 'error', error: {type, message}}`), as the kind the same failure gets in a realtime call.
 */
export function itemError(customId: string, status: number, body: unknown, secrets: readonly string[]): BatchItemResult {
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const bodyMessage = text(error.message);
  const bodyType = text(error.type);
  const bodyCode = text(error.code);
  const c = classifyFacts(
    { status, headers: {}, chain: [], ...(bodyMessage !== undefined ? { bodyMessage } : {}), ...(bodyType !== undefined ? { bodyType } : {}), ...(bodyCode !== undefined ? { bodyCode } : {}) },
    Date.now(),
  );
  return { customId, ok: false, kind: c.kind, message: scrubSecrets(c.providerMessage, secrets) };
}

/**
 * A successful item's body through the realtime mapping, so an answer a realtime call refuses (content filter, a
 * blank answer, a malformed body) fails the same way here, with the same kind.
 */
export function itemAnswer(customId: string, read: () => Omit<CompletionResult, 'latencyMs'>, extra: Partial<CompletionResult>): BatchItemResult {
  try {
    return { customId, ok: true, result: { ...read(), latencyMs: 0, ...extra } };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    return { customId, ok: false, kind: err.kind, message: err.providerMessage };
  }
}

export const EXPIRED_MESSAGE = 'the provider did not answer this item within the batch completion window';
export const CANCELLED_MESSAGE = 'the batch was cancelled before this item was answered';
