import type { RateLimits } from '../config/common-schemas.js';
import { TokenBucket } from './token-bucket.js';

export const DEFAULT_MAX_CONCURRENCY = 8;
/** Aim just under the budget: the server counts arrivals a little later than we count starts. */
const BUDGET_SHARE = 0.97;
/** Seconds of budget a bucket may hold, so that idle time does not turn into a burst of 429s. */
const BURST_SECONDS = 2;
const DECREASE_COOLDOWN_MS = 2_000;

export type CallOutcome = 'ok' | 'rate_limited' | 'error';

export interface GateSnapshot {
  limits: RateLimits;
  effectiveConcurrency: number;
  inFlight: number;
}

/**
 * Admission for one provider profile inside one worker process: a concurrency limit that halves on a 429 and
 * grows back by one per window of successes (AIMD), a requests-per-minute bucket and a tokens-per-minute bucket.
 * Limits can change at any time; waiting callers see the new ones on their next check.
 */
export class RateGate {
  private limits: RateLimits = {};
  private effective = DEFAULT_MAX_CONCURRENCY;
  private successesSinceChange = 0;
  private lastDecrease = -Infinity;
  private inFlight = 0;
  private readonly requests: TokenBucket;
  private readonly tokens: TokenBucket;

  constructor(limits: RateLimits, private readonly now: () => number = Date.now) {
    this.requests = new TokenBucket(1, 1, now);
    this.tokens = new TokenBucket(1, 1, now);
    this.setLimits(limits);
  }

  setLimits(limits: RateLimits): void {
    const max = limits.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    if (this.limits.maxConcurrency !== limits.maxConcurrency) this.effective = max;
    this.effective = Math.min(this.effective, max);
    this.limits = { ...limits };
    if (limits.requestsPerMinute) {
      const rate = limits.requestsPerMinute * BUDGET_SHARE;
      this.requests.setRate(rate, Math.max(1, (rate / 60) * BURST_SECONDS));
    }
    if (limits.tokensPerMinute) {
      const rate = limits.tokensPerMinute * BUDGET_SHARE;
      this.tokens.setRate(rate, Math.max(1, (rate / 60) * BURST_SECONDS));
    }
  }

  snapshot(): GateSnapshot {
    return { limits: { ...this.limits }, effectiveConcurrency: this.effective, inFlight: this.inFlight };
  }

  /** 0 when a call estimated at `tokens` may start now (and it is admitted), else ms to wait before asking again. */
  tryAcquire(tokens: number): number {
    if (this.inFlight >= this.effective) return 50;
    const waits = [
      this.limits.requestsPerMinute ? this.requests.waitFor(1) : 0,
      this.limits.tokensPerMinute ? this.tokens.waitFor(tokens) : 0,
    ];
    const wait = Math.max(...waits);
    if (wait > 0) return wait;
    if (this.limits.requestsPerMinute) this.requests.take(1);
    if (this.limits.tokensPerMinute) this.tokens.take(tokens);
    this.inFlight += 1;
    return 0;
  }

  release(outcome: CallOutcome, estimatedTokens = 0, actualTokens = estimatedTokens): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.limits.tokensPerMinute) this.tokens.adjust(actualTokens - estimatedTokens);
    const max = this.limits.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    if (outcome === 'rate_limited') {
      const t = this.now();
      if (t - this.lastDecrease >= DECREASE_COOLDOWN_MS) {
        this.effective = Math.max(1, Math.floor(this.effective / 2));
        this.lastDecrease = t;
        this.successesSinceChange = 0;
      }
    } else if (outcome === 'ok' && this.effective < max) {
      this.successesSinceChange += 1;
      if (this.successesSinceChange >= this.effective) {
        this.effective += 1;
        this.successesSinceChange = 0;
      }
    }
  }
}
