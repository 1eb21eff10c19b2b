import { describeError, type ErrorFacts } from './error-facts.js';
import { ProviderError, type ErrorKind } from './errors.js';
import { retryDelayMs } from './retry-delay.js';
import { scrubbedErrorCopy, scrubSecrets } from './scrub-secrets.js';
import { withUnsupportedParamsHint } from './unsupported-params.js';

export interface Classification {
  kind: ErrorKind;
  providerMessage: string;
  status?: number;
  retryAfterMs?: number;
  requestId?: string;
}

// Wording used by OpenAI, Anthropic, vLLM, DeepSeek and others when the prompt plus max tokens does not fit.
const CONTEXT_TOO_LONG =
  /context[ _-]?(length|window)|maximum context|prompt is too long|too many tokens|(input|prompt|request)\b[^.]{0,40}\b(exceeds?|too long)|exceeds?\b[^.]{0,40}\b(token|context)[^.]{0,20}\blimit/i;

const TIMEOUT_NAMES = new Set(['APIConnectionTimeoutError', 'TimeoutError', 'HeadersTimeoutError', 'BodyTimeoutError', 'ConnectTimeoutError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const ABORT_NAMES = new Set(['APIUserAbortError', 'AbortError']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
// fetch failed before any response: refused, closed, DNS, socket errors
const CONNECTION_NAMES = new Set(['APIConnectionError', 'SocketError']);

/** The pure rule book: facts about a failure → kind, delay and message. `now` dates an HTTP-date Retry-After. */
export function classifyFacts(facts: ErrorFacts, now: number): Classification {
  const providerMessage = facts.bodyMessage ?? outermostMessage(facts);
  const base = {
    providerMessage,
    ...(facts.status !== undefined ? { status: facts.status } : {}),
    ...(facts.requestId !== undefined ? { requestId: facts.requestId } : {}),
  };
  if (facts.status !== undefined) {
    const kind = kindOfStatus(statusOf(facts), facts);
    const delay = kind === 'rate_limited' || kind === 'overloaded' ? retryDelayMs(facts.headers, now) : undefined;
    const message = kind === 'bad_request' ? withUnsupportedParamsHint(providerMessage) : providerMessage;
    return { kind, ...base, providerMessage: message, ...(delay !== undefined ? { retryAfterMs: delay } : {}) };
  }
  return { kind: kindOfTransportFailure(facts), ...base };
}

// The HTTP status each provider sends with these error types (Anthropic's names, OpenAI's server_error).
const STATUS_OF_ERROR_TYPE = new Map<string, number>([
  ['invalid_request_error', 400],
  ['authentication_error', 401],
  ['permission_error', 403],
  ['not_found_error', 404],
  ['request_too_large', 413],
  ['rate_limit_error', 429],
  ['api_error', 500],
  ['server_error', 500],
  ['overloaded_error', 529],
]);

/**
 * The status to classify by. An error object in a 2xx body (a gateway passing an upstream failure on) stands for
 * the upstream's status: the code when it is one (LiteLLM), else the status of its type. An unknown type counts
 * as a 5xx, i.e. retryable `overloaded`: a gateway sends these only when the upstream call failed, which is
 * mostly transient, and Temporal's attempt limit bounds the cost of a permanent one.
 */
function statusOf(facts: ErrorFacts): number {
  const status = facts.status as number;
  if (status >= 400 || (facts.bodyType === undefined && facts.bodyCode === undefined && facts.bodyMessage === undefined)) return status;
  const code = Number(facts.bodyCode);
  if (Number.isInteger(code) && code >= 400 && code <= 599) return code;
  return STATUS_OF_ERROR_TYPE.get(facts.bodyType ?? '') ?? 500;
}

function kindOfStatus(status: number, facts: ErrorFacts): ErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  // 409 is a transient lock conflict for both SDKs (they retry it by default)
  if (status >= 500 || status === 409 || facts.bodyType === 'overloaded_error') return 'overloaded';
  if (status >= 400) {
    const text = `${facts.bodyCode ?? ''} ${facts.bodyMessage ?? outermostMessage(facts)}`;
    return facts.bodyCode === 'context_length_exceeded' || CONTEXT_TOO_LONG.test(text) ? 'context_too_long' : 'bad_request';
  }
  return 'malformed_response';
}

function kindOfTransportFailure(facts: ErrorFacts): ErrorKind {
  const has = (test: (c: ErrorFacts['chain'][number]) => boolean) => facts.chain.some(test);
  const outer = facts.chain[0];
  if (has((c) => ABORT_NAMES.has(c.name))) return 'cancelled';
  if (has((c) => TIMEOUT_NAMES.has(c.name) || (c.code !== undefined && TIMEOUT_CODES.has(c.code)))) return 'timeout';
  if (has((c) => c.code !== undefined && RESET_CODES.has(c.code))) return 'connection_reset';
  if (has((c) => c.name === 'SyntaxError')) return 'malformed_response';
  // undici's "terminated": the body ended before its declared length (no reset seen), i.e. a truncated body
  if (outer?.name === 'TypeError' && outer.message === 'terminated') return 'malformed_response';
  if (has((c) => CONNECTION_NAMES.has(c.name) || c.code?.startsWith('UND_ERR_') === true || c.code === 'ECONNREFUSED'))
    return 'connection_reset';
  return 'unexpected';
}

function outermostMessage(facts: ErrorFacts): string {
  const [outer, ...causes] = facts.chain;
  if (!outer) return 'unknown error';
  // "Connection error." alone says little; the innermost cause ("read ECONNRESET") says what happened
  const inner = causes.at(-1);
  return inner ? `${outer.message} (${inner.code ?? inner.name}: ${inner.message})` : outer.message;
}

export interface ClassifyOptions {
  /** values to scrub from every message (the API key in use) */
  secrets?: readonly (string | undefined)[];
  now?: number;
}

/** Any thrown value → a ProviderError with a kind, retry delay and scrubbed message. ProviderErrors pass through. */
export function classifyError(err: unknown, options: ClassifyOptions = {}): ProviderError {
  if (err instanceof ProviderError) return err;
  const secrets = options.secrets ?? [];
  const c = classifyFacts(describeError(err), options.now ?? Date.now());
  return new ProviderError({
    ...c,
    providerMessage: scrubSecrets(c.providerMessage, secrets),
    cause: scrubbedErrorCopy(err, secrets),
  });
}
