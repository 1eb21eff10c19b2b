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
  /** e.g. `context_length_exceeded` */
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
  if (typeof source?.requestID === 'string') facts.requestId = source.requestID;
  return facts;
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
  const code = stringOf(inner.code);
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
