const GATEWAY_PREFIX = 'llm_provider-';

/**
 * The delay a server asked for before the next attempt, from its response headers (names lower-cased).
 * Precedence: `retry-after-ms` (OpenAI), `retry-after` (seconds or HTTP-date, RFC 9110), the same two with
 * LiteLLM's `llm_provider-` prefix (the upstream's headers passed on by the gateway), then the providers' reset
 * headers: Anthropic's `anthropic-ratelimit-*-reset` timestamps and OpenAI's `x-ratelimit-reset-requests` /
 * `x-ratelimit-reset-tokens` durations. Returns undefined when the server said nothing usable.
 */
export function retryDelayMs(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  return (
    retryAfterMs(headers['retry-after-ms']) ??
    retryAfter(headers['retry-after'], now) ??
    retryAfterMs(headers[`${GATEWAY_PREFIX}retry-after-ms`]) ??
    retryAfter(headers[`${GATEWAY_PREFIX}retry-after`], now) ??
    rateLimitReset(headers, now)
  );
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(ms) && ms >= 0 ? Math.ceil(ms) : undefined;
}

function retryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  return untilDate(trimmed, now);
}

/**
 * Both providers send one reset per limit (requests, tokens, …) without saying which one was hit; the latest is
 * the first moment at which all of them allow the request again.
 */
function rateLimitReset(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const delays = Object.entries(headers)
    .map(([name, value]) => {
      if (/^anthropic-ratelimit-[a-z-]+-reset$/.test(name)) return untilDate(value.trim(), now);
      if (name === 'x-ratelimit-reset-requests' || name === 'x-ratelimit-reset-tokens') return durationMs(value.trim());
      return undefined;
    })
    .filter((ms): ms is number => ms !== undefined);
  return delays.length > 0 ? Math.max(...delays) : undefined;
}

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/** OpenAI's reset durations, Go-style: `20ms`, `1s`, `6m0s`, `1h2m3.5s`. */
function durationMs(value: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(value)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) ms += Number(amount) * (UNIT_MS[unit as string] as number);
  return Math.ceil(ms);
}

function untilDate(value: string, now: number): number | undefined {
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil(at - now));
}
