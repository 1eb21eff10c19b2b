/**
 * The delay a server asked for before the next attempt, from its response headers (names lower-cased).
 * Precedence: `retry-after-ms` (OpenAI), `retry-after` (seconds or HTTP-date, RFC 9110), then Anthropic's
 * `anthropic-ratelimit-*-reset` timestamps. Returns undefined when the server said nothing usable.
 */
export function retryDelayMs(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  return retryAfterMs(headers['retry-after-ms']) ?? retryAfter(headers['retry-after'], now) ?? rateLimitReset(headers, now);
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
 * Anthropic sends one reset time per limit (requests, tokens, input-tokens, output-tokens) without saying which
 * one was hit; the latest is the first moment at which all of them allow the request again.
 */
function rateLimitReset(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const delays = Object.entries(headers)
    .filter(([name]) => /^anthropic-ratelimit-[a-z-]+-reset$/.test(name))
    .map(([, value]) => untilDate(value.trim(), now))
    .filter((ms): ms is number => ms !== undefined);
  return delays.length > 0 ? Math.max(...delays) : undefined;
}

function untilDate(value: string, now: number): number | undefined {
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil(at - now));
}
