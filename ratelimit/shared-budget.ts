import type { RateLimits } from '../config/common-schemas.js';

export const DEFAULT_MAX_CONCURRENCY = 8;
/** Aim just under the budget: the provider counts arrivals a little later than the queue counts dispatches. */
export const BUDGET_SHARE = 0.97;
/** Seconds of token budget the bucket may hold, so that idle time does not turn into a burst of 429s. */
const BURST_SECONDS = 2;
/** A lease its holder stops renewing (a dead worker) is free again after this long. */
export const LEASE_MS = 30_000;
const DECREASE_COOLDOWN_MS = 2_000;
/** The queue's rate never drops below this share of the budget on 429s, and climbs back by RATE_STEP a window. */
const MIN_RATE_FACTOR = 1 / 16;
const RATE_STEP = 0.05;
/** How soon a caller refused for concurrency asks again. */
export const CONCURRENCY_POLL_MS = 200;

export type CallOutcome = 'ok' | 'rate_limited' | 'error';

export interface Lease {
  expiresAt: number;
  tokens: number;
}

/**
 * One profile's shared budget, as every worker sees it: the calls running now (leases that expire unless renewed),
 * the tokens-per-minute bucket, and the AIMD state that 429s lower and successes raise (concurrency, and the share
 * of the requests-per-minute budget the task queue is given). Plain data: it is stored as one document.
 */
export interface BudgetState {
  leases: Record<string, Lease>;
  /** the tokens-per-minute bucket's level at `tokensAt` */
  tokenLevel: number;
  tokensAt: number;
  /** the concurrency limit the state was last adjusted to; AIMD starts over from it when the limit changes */
  maxConcurrency: number;
  concurrency: number;
  rateFactor: number;
  successes: number;
  lastDecreaseAt: number;
}

export interface Release {
  lease: string;
  outcome: CallOutcome;
  estimated: number;
  actual: number;
}

export interface Acquire {
  lease: string;
  tokens: number;
}

export interface BudgetOps {
  releases?: readonly Release[];
  /** in arrival order: admitted first come, first served (a large call is not overtaken by small ones) */
  acquires?: readonly Acquire[];
  /** leases whose holders are alive: their expiry moves forward */
  renew?: readonly string[];
}

export interface StepResult {
  state: BudgetState;
  admitted: string[];
  /** ms until the first refused acquire may ask again (0 when none was refused) */
  waitMs: number;
  /** whether the state differs from the one given (nothing needs storing when it does not) */
  changed: boolean;
}

const maxOf = (limits: RateLimits) => limits.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;

function tokenRate(limits: RateLimits): { perMs: number; capacity: number } | undefined {
  if (!limits.tokensPerMinute) return undefined;
  const perMinute = limits.tokensPerMinute * BUDGET_SHARE;
  return { perMs: perMinute / 60_000, capacity: Math.max(1, (perMinute / 60) * BURST_SECONDS) };
}

export function initialBudget(limits: RateLimits, now: number): BudgetState {
  const max = maxOf(limits);
  return { leases: {}, tokenLevel: tokenRate(limits)?.capacity ?? 0, tokensAt: now, maxConcurrency: max, concurrency: max, rateFactor: 1, successes: 0, lastDecreaseAt: -1 };
}

/**
 * Applies releases, renewals and acquires to a budget at time `now` under `limits`: expired leases are dropped
 * first, releases free their lease, correct the token estimate and feed AIMD (a 429 halves concurrency and the
 * queue's rate share, at most once per cooldown; a window of successes as long as the concurrency adds one call and
 * RATE_STEP of the rate), then acquires are admitted in order while a lease and tokens are free.
 */
export function stepBudget(before: BudgetState, ops: BudgetOps, limits: RateLimits, now: number): StepResult {
  const s: BudgetState = structuredClone(before);
  const max = maxOf(limits);
  if (s.maxConcurrency !== max) {
    s.maxConcurrency = max;
    s.concurrency = max;
    s.successes = 0;
  }
  const tokens = tokenRate(limits);
  s.tokenLevel = tokens ? Math.min(tokens.capacity, s.tokenLevel + Math.max(0, now - s.tokensAt) * tokens.perMs) : 0;
  s.tokensAt = now;
  let changed = false;
  for (const [id, lease] of Object.entries(s.leases)) {
    if (lease.expiresAt <= now) {
      delete s.leases[id];
      changed = true;
    }
  }
  for (const id of ops.renew ?? []) {
    const lease = s.leases[id];
    if (lease) {
      lease.expiresAt = now + LEASE_MS;
      changed = true;
    }
  }
  for (const r of ops.releases ?? []) {
    changed = true;
    delete s.leases[r.lease];
    if (tokens) s.tokenLevel -= r.actual - r.estimated;
    if (r.outcome === 'rate_limited') {
      if (now - s.lastDecreaseAt >= DECREASE_COOLDOWN_MS || s.lastDecreaseAt < 0) {
        s.concurrency = Math.max(1, Math.floor(s.concurrency / 2));
        s.rateFactor = Math.max(MIN_RATE_FACTOR, s.rateFactor / 2);
        s.lastDecreaseAt = now;
        s.successes = 0;
      }
    } else if (r.outcome === 'ok' && (s.concurrency < max || s.rateFactor < 1)) {
      s.successes += 1;
      if (s.successes >= s.concurrency) {
        s.concurrency = Math.min(max, s.concurrency + 1);
        s.rateFactor = Math.min(1, s.rateFactor + RATE_STEP);
        s.successes = 0;
      }
    }
  }
  s.concurrency = Math.min(s.concurrency, max);
  const admitted: string[] = [];
  let waitMs = 0;
  for (const a of ops.acquires ?? []) {
    if (Object.keys(s.leases).length >= s.concurrency) {
      waitMs = CONCURRENCY_POLL_MS;
      break;
    }
    if (tokens) {
      // a call larger than the bucket waits for a full bucket
      const need = Math.min(a.tokens, tokens.capacity) - s.tokenLevel;
      if (need > 0) {
        waitMs = Math.ceil(need / tokens.perMs);
        break;
      }
      s.tokenLevel -= a.tokens;
    }
    s.leases[a.lease] = { expiresAt: now + LEASE_MS, tokens: a.tokens };
    admitted.push(a.lease);
    changed = true;
  }
  return { state: s, admitted, waitMs, changed: changed || before.maxConcurrency !== s.maxConcurrency };
}

/**
 * The requests-per-second the profile's task queue is given: the requests-per-minute budget (a little under it)
 * times the AIMD share; undefined without a requests-per-minute limit (the queue is then not limited).
 */
export function queueRatePerSecond(limits: RateLimits, state: Pick<BudgetState, 'rateFactor'> | undefined): number | undefined {
  if (!limits.requestsPerMinute) return undefined;
  return (limits.requestsPerMinute * BUDGET_SHARE * (state?.rateFactor ?? 1)) / 60;
}

/** Field by field, the lowest of several limits (a field none of them sets stays unset). */
export function lowestLimits(all: readonly RateLimits[]): RateLimits {
  const out: RateLimits = {};
  for (const limits of all) {
    for (const field of ['requestsPerMinute', 'tokensPerMinute', 'maxConcurrency'] as const) {
      const v = limits[field];
      if (v !== undefined) out[field] = Math.min(v, out[field] ?? v);
    }
  }
  return out;
}
