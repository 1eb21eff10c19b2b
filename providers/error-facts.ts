/**
 * Reduces anything thrown by the OpenAI or Anthropic SDK (or the fetch underneath) to plain facts, so that
 * classification is a pure function of status, headers, body message and error names/codes.
 */

export interface CauseFact {
  name: string;
  code?: string;
  message: string;
}

export interface ErrorFacts {
  /** HTTP status when the server answered */
  status?: number;
  /** response headers, names lower-cased */
  headers: Record<string, string>;
  /** the provider's own message from the error body (OpenAI `error.message`, Anthropic `error.error.message`) */
  bodyMessage?: string;
  /** e.g. `overloaded_error`, `rate_limit_error`, `invalid_request_error` */
  bodyType?: string;
  /** e.g. `context_length_exceeded`; from LiteLLM, the upstream HTTP status (`"429"`) */
  bodyCode?: string;
  requestId?: string;
  /** the error and its causes, outermost first */
  chain: CauseFact[];
}

/** SDK error classes leave `name` as "Error"; their constructor name is the informative one. */
export function errorNameOf(err: Error): string {
  return err.name !== 'Error' ? err.name : (err.constructor?.name ?? 'Error');
}

export function describeError(err: unknown): ErrorFacts {
  const source = err as {
    status?: unknown;
    headers?: unknown;
    error?: unknown;
    requestID?: unknown;
  } | null;
  const body = bodyFields(source?.error);
  const facts: ErrorFacts = { headers: headerRecord(source?.headers), chain: causeChain(err) };
  if (typeof source?.status === 'number') facts.status = source.status;
  if (body.message !== undefined) facts.bodyMessage = body.message;
  if (body.type !== undefined) facts.bodyType = body.type;
  if (body.code !== undefined) facts.bodyCode = body.code;
  const requestId = requestIdOf(source?.requestID, facts.headers);
  if (requestId !== undefined) facts.requestId = requestId;
  return facts;
}

// OpenAI's, Anthropic's, and LiteLLM's id of the call (a gateway sends its own, not the upstream's)
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-litellm-call-id'] as const;

/** The request id the SDK read, else the first of the request-id headers; for failures and successes alike. */
export function requestIdOf(sdkRequestId: unknown, headers: unknown): string | undefined {
  if (typeof sdkRequestId === 'string' && sdkRequestId !== '') return sdkRequestId;
  const record = headerRecord(headers);
  return REQUEST_ID_HEADERS.map((name) => record[name]).find((id) => id !== undefined && id !== '');
}

/**
 * Gateways (LiteLLM and others) may pass an upstream failure on as HTTP 200 with the error object as the body.
 * Thrown in the SDK errors' shape (status, headers, error body), it meets the same rule book and scrubbing as
 * an HTTP error instead of being taken for a malformed answer.
 */
export class ErrorInBody extends Error {
  override readonly name = 'ErrorInBody';
  // the SDKs return only 2xx bodies, and these come as 200
  readonly status = 200;

  constructor(
    readonly error: Record<string, unknown>,
    readonly headers: Headers | undefined,
  ) {
    super('an error object in an HTTP 200 body');
  }
}

/** Throws ErrorInBody when a successful response's body is an error object (OpenAI or Anthropic shape). */
export function rejectErrorBody(body: unknown, headers: Headers | undefined): void {
  if (isObject(body) && isObject(body.error)) throw new ErrorInBody(body, headers);
}

function causeChain(err: unknown): CauseFact[] {
  const chain: CauseFact[] = [];
  let current: unknown = err;
  // a cycle in `cause` is possible in principle; a handful of levels is all undici and the SDKs produce
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      chain.push({
        name: errorNameOf(current),
        message: current.message,
        ...(typeof code === 'string' ? { code } : {}),
      });
      current = current.cause;
    } else {
      chain.push({ name: typeof current, message: String(current) });
      break;
    }
  }
  return chain;
}

function headerRecord(headers: unknown): Record<string, string> {
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (headers && typeof headers === 'object') {
    return Object.fromEntries(
      Object.entries(headers as Record<string, unknown>)
        .filter(([, v]) => typeof v === 'string')
        .map(([k, v]) => [k.toLowerCase(), v as string]),
    );
  }
  return {};
}

// OpenAI's SDK keeps `body.error` ({message, type, code}); Anthropic's keeps the whole body ({type, error: {...}}).
function bodyFields(body: unknown): { message?: string; type?: string; code?: string } {
  if (!isObject(body)) return {};
  const inner = isObject(body.error) ? body.error : body;
  const message = stringOf(inner.message) ?? stringOf(body.message);
  const type = stringOf(inner.type);
  // LiteLLM sends the upstream HTTP status as the code, as a string or a number
  const code = typeof inner.code === 'number' ? String(inner.code) : stringOf(inner.code);
  return {
    ...(message !== undefined ? { message } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(code !== undefined ? { code } : {}),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
