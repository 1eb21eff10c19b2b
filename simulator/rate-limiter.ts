const WINDOW_MS = 60_000;

export interface Limits {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

/** Requests and tokens per API key over a sliding minute, as real providers enforce them. */
export class SlidingWindowLimiter {
  private readonly admitted = new Map<string, { at: number; tokens: number }[]>();

  /** Admits the call (and records it) or returns how long until it would be admitted. */
  tryAdmit(apiKey: string, tokens: number, limits: Limits, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const recent = (this.admitted.get(apiKey) ?? []).filter((e) => e.at > now - WINDOW_MS);
    this.admitted.set(apiKey, recent);
    const waits: number[] = [];
    if (limits.requestsPerMinute !== undefined && recent.length >= limits.requestsPerMinute) {
      const freeing = recent[recent.length - limits.requestsPerMinute] as { at: number };
      waits.push(freeing.at + WINDOW_MS - now);
    }
    if (limits.tokensPerMinute !== undefined) {
      let used = recent.reduce((sum, e) => sum + e.tokens, 0);
      if (used + tokens > limits.tokensPerMinute) {
        // the window must drop the oldest entries until this call fits (a call larger than the limit never fits)
        const fitsAt = recent.find((e) => (used -= e.tokens) + tokens <= limits.tokensPerMinute!);
        waits.push(fitsAt && tokens <= limits.tokensPerMinute ? fitsAt.at + WINDOW_MS - now : WINDOW_MS);
      }
    }
    if (waits.length > 0) return { ok: false, retryAfterMs: Math.max(1, ...waits) };
    recent.push({ at: now, tokens });
    return { ok: true };
  }

  reset(): void {
    this.admitted.clear();
  }
}
