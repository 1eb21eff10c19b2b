/**
 * Every provider failure surfaces as a ProviderError with a kind. Temporal is the only retry layer, so the
 * kind decides whether an activity retry can help and `retryAfterMs` is the delay the server asked for.
 */

export const ERROR_KINDS = [
  'rate_limited',
  'overloaded',
  'timeout',
  'connection_reset',
  'malformed_response',
  'auth',
  'bad_request',
  'context_too_long',
  'content_filtered',
  'empty_answer',
  'missing_answer',
  'cancelled',
  'batch_expired',
  'unexpected',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Retryable: transient server or network trouble, and a blank answer (a new sample usually answers).
 * Not retryable: the same request would fail the same way (auth, bad request, refusal, missing replay answer),
 * cancellation (the caller asked to stop), and `unexpected` (a failure no rule recognises, most likely a bug here:
 * better to fail fast and be seen than to be retried blindly).
 */
const RETRYABLE: ReadonlySet<ErrorKind> = new Set([
  'rate_limited',
  'overloaded',
  'timeout',
  'connection_reset',
  'malformed_response',
  'empty_answer',
  // a batch item the provider did not answer within its completion window: the next batch (or realtime) may
  'batch_expired',
]);

export function isRetryableKind(kind: ErrorKind): boolean {
  return RETRYABLE.has(kind);
}

export interface ProviderErrorInit {
  kind: ErrorKind;
  providerMessage: string;
  /** overrides the kind's default, e.g. a blank answer read from a file will not change on retry */
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  requestId?: string;
  cause?: Error;
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly requestId?: string;
  /** what the provider (or the network layer) said, with secrets scrubbed */
  readonly providerMessage: string;

  constructor(init: ProviderErrorInit) {
    super(`${init.kind}${init.status ? ` (HTTP ${init.status})` : ''}: ${init.providerMessage}`, {
      cause: init.cause,
    });
    this.kind = init.kind;
    this.retryable = init.retryable ?? isRetryableKind(init.kind);
    this.providerMessage = init.providerMessage;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.status !== undefined) this.status = init.status;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
      requestId: this.requestId,
      providerMessage: this.providerMessage,
    };
  }
}
