import { describe, expect, it } from 'vitest';
import type { RateLimits } from '../../../config/common-schemas.js';
import { initialBudget, LEASE_MS, lowestLimits, queueRatePerSecond, stepBudget, type BudgetOps, type BudgetState } from '../../../ratelimit/shared-budget.js';

/** A budget stepped through time the way the store keeps it: each step starts from the state the last one wrote. */
function budgetAt(limits: RateLimits) {
  let state = initialBudget(limits, 0);
  return {
    step(ops: BudgetOps, now: number, at: RateLimits = limits) {
      const r = stepBudget(state, ops, at, now);
      if (r.changed) state = r.state;
      return r;
    },
    get state(): BudgetState {
      return state;
    },
  };
}

const ok = (lease: string, estimated = 0, actual = estimated) => ({ lease, outcome: 'ok' as const, estimated, actual });
const limited = (lease: string) => ({ lease, outcome: 'rate_limited' as const, estimated: 0, actual: 0 });

describe('shared budget: concurrency leases', () => {
  it('admits up to the concurrency limit in arrival order, then asks the rest to come back; a release frees a place', () => {
    const b = budgetAt({ maxConcurrency: 2 });
    const r = b.step({ acquires: [{ lease: 'a', tokens: 1 }, { lease: 'b', tokens: 1 }, { lease: 'c', tokens: 1 }] }, 0);
    expect(r.admitted).toEqual(['a', 'b']);
    expect(r.waitMs).toBe(200);
    expect(b.step({ acquires: [{ lease: 'c', tokens: 1 }] }, 100)).toMatchObject({ admitted: [], changed: false });
    expect(b.step({ releases: [ok('a')], acquires: [{ lease: 'c', tokens: 1 }] }, 150).admitted).toEqual(['c']);
    expect(Object.keys(b.state.leases).sort()).toEqual(['b', 'c']);
  });

  it('a lease its holder stops renewing (a dead worker) is free again after LEASE_MS; a renewed one is kept', () => {
    const b = budgetAt({ maxConcurrency: 2 });
    b.step({ acquires: [{ lease: 'dead', tokens: 1 }, { lease: 'alive', tokens: 1 }] }, 0);
    b.step({ renew: ['alive'] }, LEASE_MS / 2);
    expect(b.step({ acquires: [{ lease: 'x', tokens: 1 }] }, LEASE_MS - 1).admitted).toEqual([]);
    const r = b.step({ acquires: [{ lease: 'x', tokens: 1 }, { lease: 'y', tokens: 1 }] }, LEASE_MS);
    expect(r.admitted).toEqual(['x']);
    expect(Object.keys(b.state.leases).sort()).toEqual(['alive', 'x']);
    expect(b.state.leases.alive!.expiresAt).toBe(LEASE_MS / 2 + LEASE_MS);
  });

  it('nothing to store when nothing changes (a refusal on the same state)', () => {
    const b = budgetAt({ maxConcurrency: 1 });
    b.step({ acquires: [{ lease: 'a', tokens: 1 }] }, 0);
    const r = b.step({ acquires: [{ lease: 'b', tokens: 1 }] }, 10);
    expect(r.changed).toBe(false);
    expect(r.admitted).toEqual([]);
  });
});

describe('shared budget: tokens per minute', () => {
  it('holds two seconds of 97 % of the budget, refills evenly, and waits exactly as long as the missing tokens take', () => {
    // 6,000 tokens/min × 0.97 = 97 tokens/s; the bucket holds 194; after 150, the next 100 miss 56 = 577.3 ms
    const b = budgetAt({ tokensPerMinute: 6_000, maxConcurrency: 100 });
    expect(b.step({ acquires: [{ lease: 'a', tokens: 150 }, { lease: 'b', tokens: 100 }] }, 0)).toMatchObject({ admitted: ['a'], waitMs: 578 });
    expect(b.step({ acquires: [{ lease: 'b', tokens: 100 }] }, 577).admitted).toEqual([]);
    expect(b.step({ acquires: [{ lease: 'b', tokens: 100 }] }, 578).admitted).toEqual(['b']);
  });

  it('corrects the estimate with the tokens a call really used', () => {
    const b = budgetAt({ tokensPerMinute: 6_000, maxConcurrency: 100 });
    b.step({ acquires: [{ lease: 'a', tokens: 100 }] }, 0);
    // used 190, not 100: the bucket (94 left) owes 90 more
    b.step({ releases: [ok('a', 100, 190)] }, 0);
    expect(b.state.tokenLevel).toBeCloseTo(4, 6);
  });

  it('a call larger than the bucket waits for a full bucket, then goes', () => {
    const b = budgetAt({ tokensPerMinute: 6_000, maxConcurrency: 100 });
    b.step({ acquires: [{ lease: 'a', tokens: 194 }] }, 0);
    expect(b.step({ acquires: [{ lease: 'big', tokens: 1_000 }] }, 0).waitMs).toBe(2_000);
    expect(b.step({ acquires: [{ lease: 'big', tokens: 1_000 }] }, 2_000).admitted).toEqual(['big']);
  });
});

describe('shared budget: AIMD on 429s', () => {
  it('a 429 halves concurrency and the queue rate share once per cooldown; successes win both back step by step', () => {
    const limits = { requestsPerMinute: 600, maxConcurrency: 8 };
    const b = budgetAt(limits);
    b.step({ acquires: ['a', 'b', 'c'].map((lease) => ({ lease, tokens: 1 })) }, 0);
    b.step({ releases: [limited('a'), limited('b')] }, 1_000);
    expect(b.state).toMatchObject({ concurrency: 4, rateFactor: 0.5 });
    expect(queueRatePerSecond(limits, b.state)).toBeCloseTo((600 * 0.97 * 0.5) / 60, 9);
    // within the cooldown another 429 changes nothing; after it, it halves again
    b.step({ releases: [limited('c')] }, 2_999);
    expect(b.state).toMatchObject({ concurrency: 4, rateFactor: 0.5 });
    b.step({ releases: [limited('c')] }, 3_000);
    expect(b.state).toMatchObject({ concurrency: 2, rateFactor: 0.25 });
    // a window of successes as long as the concurrency adds one call and 5 % of the rate
    b.step({ releases: [ok('d'), ok('e')] }, 4_000);
    expect(b.state).toMatchObject({ concurrency: 3, rateFactor: 0.3 });
    for (let t = 5_000; b.state.concurrency < 8 || b.state.rateFactor < 1; t += 1) b.step({ releases: [ok(`s${t}`)] }, t);
    expect(b.state).toMatchObject({ concurrency: 8, rateFactor: 1 });
  });

  it('never lowers below one call and a sixteenth of the rate', () => {
    const b = budgetAt({ requestsPerMinute: 60, maxConcurrency: 2 });
    for (let i = 0; i < 10; i += 1) b.step({ releases: [limited(`x${i}`)] }, i * 2_000);
    expect(b.state).toMatchObject({ concurrency: 1, rateFactor: 1 / 16 });
  });

  it('a new concurrency limit starts AIMD over from it', () => {
    const b = budgetAt({ maxConcurrency: 8 });
    b.step({ releases: [limited('a')] }, 0);
    expect(b.state.concurrency).toBe(4);
    b.step({}, 1, { maxConcurrency: 16 });
    expect(b.state).toMatchObject({ maxConcurrency: 16, concurrency: 16 });
    b.step({}, 2, { maxConcurrency: 2 });
    expect(b.state.concurrency).toBe(2);
  });
});

describe('limits', () => {
  it('the queue rate is 97 % of the requests-per-minute budget, per second; none without one', () => {
    expect(queueRatePerSecond({ requestsPerMinute: 120 }, undefined)).toBeCloseTo(1.94, 9);
    expect(queueRatePerSecond({ maxConcurrency: 4 }, undefined)).toBeUndefined();
  });

  it('the lowest active one wins, field by field', () => {
    expect(lowestLimits([{ requestsPerMinute: 600, maxConcurrency: 4 }, { requestsPerMinute: 120 }, { tokensPerMinute: 9_000, maxConcurrency: 16 }])).toEqual({
      requestsPerMinute: 120,
      maxConcurrency: 4,
      tokensPerMinute: 9_000,
    });
    expect(lowestLimits([])).toEqual({});
  });
});
