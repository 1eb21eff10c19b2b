import { describe, expect, it } from 'vitest';
import type { RateLimits } from '../../../config/common-schemas.js';
import { RateGate } from '../../../ratelimit/rate-gate.js';

function gateAt(limits: RateLimits) {
  const clock = { t: 0 };
  return { clock, gate: new RateGate(limits, () => clock.t) };
}

/**
 * A caller that always has work: it asks, waits exactly as long as the gate says, and finishes each admitted call
 * at once (so only the buckets limit it). Returns the admission times in [clock.t, until).
 */
function saturate(g: ReturnType<typeof gateAt>, until: number, tokens = 1, actualTokens = tokens): number[] {
  const admitted: number[] = [];
  for (;;) {
    const wait = g.gate.tryAcquire(tokens);
    if (wait === 0) {
      admitted.push(g.clock.t);
      g.gate.release('ok', tokens, actualTokens);
    } else if (g.clock.t + wait >= until) {
      g.clock.t = until;
      return admitted;
    } else {
      g.clock.t += wait;
    }
  }
}

/** The most admissions in any window [t, t + 60 s) — what a provider's sliding minute sees. */
function busiestMinute(times: number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= 60_000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

const countIn = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;

describe('RateGate: requests per minute', () => {
  it('admits 97 % of the budget, evenly spaced, and never the whole budget in a minute when demand is steady', () => {
    const g = gateAt({ requestsPerMinute: 120 });
    const times = saturate(g, 600_000);
    // 120 × 0.97 = 116.4 a minute: one every 515.46 ms
    expect(times.length).toBe(1164);
    expect(times.slice(0, 4)).toEqual([0, 516, 1031, 1547]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => countIn(times, m * 60_000, (m + 1) * 60_000))).toEqual([117, 116, 117, 116, 116, 117, 116, 117, 116, 116]);
    expect(busiestMinute(times)).toBe(117);
  });

  it('after idle time lets through at most two seconds of budget at once, so no sliding minute exceeds the budget', () => {
    const g = gateAt({ requestsPerMinute: 120 });
    const times: number[] = [];
    // bursts of demand after idle gaps of several lengths: each gap refills the bucket to its 2-second cap
    for (const [busy, idle] of [[20_000, 10_000], [5_000, 30_000], [45_000, 3_000], [50_000, 60_000], [70_000, 0]] as const) {
      times.push(...saturate(g, g.clock.t + busy));
      g.clock.t += idle;
    }
    // 3.88 tokens after 10 s or 60 s of idle time, started at once
    expect([30_000, 223_000].map((start) => times.filter((t) => t === start).length)).toEqual([3, 3]);
    // at worst a full bucket and a minute of refill: floor(3.88 + 116.4) = 120, the budget and not one more
    expect(busiestMinute(times)).toBe(120);
  });
});

describe('RateGate: tokens per minute', () => {
  it('spaces calls by their estimated tokens and corrects the estimate with the tokens used', () => {
    // 60 000 tokens a minute × 0.97 = 970 a second; a new gate starts with 1 token
    const exact = gateAt({ tokensPerMinute: 60_000 });
    expect(exact.gate.tryAcquire(1000)).toBe(1030);
    exact.clock.t = 1030;
    expect(exact.gate.tryAcquire(1000)).toBe(0);
    exact.gate.release('ok', 1000, 1000);
    expect(exact.gate.tryAcquire(1000)).toBe(1031);

    // the call used 400 tokens, not the estimated 1000: the 600 come back
    const over = gateAt({ tokensPerMinute: 60_000 });
    over.clock.t = 1030;
    over.gate.tryAcquire(1000);
    over.gate.release('ok', 1000, 400);
    expect(over.gate.tryAcquire(1000)).toBe(413);

    // it used 1600: the next caller also waits for the 600 more
    const under = gateAt({ tokensPerMinute: 60_000 });
    under.clock.t = 1030;
    under.gate.tryAcquire(1000);
    under.gate.release('ok', 1000, 1600);
    expect(under.gate.tryAcquire(1000)).toBe(1650);
  });

  it('keeps the tokens actually used within the budget over a minute when every estimate is 60 % high', () => {
    const g = gateAt({ tokensPerMinute: 60_000 });
    const times = saturate(g, 60_000, 1000, 400);
    // 58 200 usable tokens a minute at 400 each, after the first call waited for its 1000 to be there
    expect(times.length).toBe(144);
    expect(times.length * 400).toBeLessThanOrEqual(60_000);
  });

  it('asks a call that needs more than two seconds of budget to wait for a full bucket, then lets it through', () => {
    const g = gateAt({ tokensPerMinute: 6_000 }); // 97 a second, capacity 194
    expect(g.gate.tryAcquire(5000)).toBe(1990);
    g.clock.t = 1990;
    expect(g.gate.tryAcquire(5000)).toBe(0);
    g.gate.release('ok', 5000);
    // the debt of 4806 tokens is repaid before anything else starts
    expect(g.gate.tryAcquire(1)).toBe(49_557);
  });
});

describe('RateGate: concurrency', () => {
  it('admits at most maxConcurrency calls at a time', () => {
    const { gate } = gateAt({ maxConcurrency: 2 });
    expect([gate.tryAcquire(0), gate.tryAcquire(0), gate.tryAcquire(0)]).toEqual([0, 0, 50]);
    expect(gate.snapshot().inFlight).toBe(2);
    gate.release('error');
    expect(gate.tryAcquire(0)).toBe(0);
    expect(gate.tryAcquire(0)).toBe(50);
  });

  it('halves the concurrency on a 429 at most once per 2 s, down to 1; errors other than 429 change nothing', () => {
    const { clock, gate } = gateAt({ maxConcurrency: 8 });
    for (let i = 0; i < 8; i += 1) expect(gate.tryAcquire(0)).toBe(0);
    const effective = () => gate.snapshot().effectiveConcurrency;
    gate.release('rate_limited');
    expect(effective()).toBe(4);
    expect(gate.tryAcquire(0)).toBe(50); // 7 in flight > 4
    clock.t = 1999;
    gate.release('rate_limited');
    expect(effective()).toBe(4);
    clock.t = 2000;
    gate.release('rate_limited');
    expect(effective()).toBe(2);
    clock.t = 4000;
    gate.release('rate_limited');
    expect(effective()).toBe(1);
    clock.t = 6000;
    gate.release('rate_limited');
    expect(effective()).toBe(1);
    gate.release('error');
    expect(effective()).toBe(1);
    expect(gate.snapshot().inFlight).toBe(2);
  });

  it('grows back by one per window of successes (as many as the current limit) up to maxConcurrency', () => {
    const { clock, gate } = gateAt({ maxConcurrency: 8 });
    for (const t of [0, 2000, 4000]) {
      clock.t = t;
      gate.tryAcquire(0);
      gate.release('rate_limited');
    }
    const effective = () => gate.snapshot().effectiveConcurrency;
    expect(effective()).toBe(1);
    const succeed = (n: number) => {
      for (let i = 0; i < n; i += 1) {
        expect(gate.tryAcquire(0)).toBe(0);
        gate.release('ok');
      }
    };
    succeed(1);
    expect(effective()).toBe(2);
    succeed(1);
    expect(effective()).toBe(2);
    succeed(1);
    expect(effective()).toBe(3);
    succeed(3 + 4 + 5 + 6 + 7 - 1);
    expect(effective()).toBe(7);
    succeed(1);
    expect(effective()).toBe(8);
    succeed(100);
    expect(effective()).toBe(8);
  });
});

describe('RateGate: setLimits', () => {
  it('a lower rpm takes effect at once, a higher one from then on', () => {
    const g = gateAt({ requestsPerMinute: 120 });
    const first = saturate(g, 60_000);
    g.gate.setLimits({ requestsPerMinute: 60 });
    const second = saturate(g, 120_000);
    g.gate.setLimits({ requestsPerMinute: 240 });
    const third = saturate(g, 180_000);
    expect([first.length, second.length, third.length]).toEqual([117, 58, 233]);
    expect(busiestMinute([...first, ...second, ...third])).toBe(233);
  });

  it('lifts a limit that is removed and starts one that is added', () => {
    const g = gateAt({ requestsPerMinute: 60 });
    expect(saturate(g, 10_000).length).toBe(10);
    g.gate.setLimits({});
    expect(g.gate.tryAcquire(1)).toBe(0);
    g.gate.setLimits({ tokensPerMinute: 600 });
    expect(g.gate.tryAcquire(100)).toBeGreaterThan(0);
  });

  it('a refresh with the same limits keeps the concurrency AIMD has reached; a new maxConcurrency replaces it', () => {
    const { gate } = gateAt({ maxConcurrency: 8 });
    for (let i = 0; i < 3; i += 1) gate.tryAcquire(0);
    gate.release('rate_limited');
    expect(gate.snapshot().effectiveConcurrency).toBe(4);
    gate.setLimits({ maxConcurrency: 8 });
    expect(gate.snapshot().effectiveConcurrency).toBe(4);
    gate.setLimits({ maxConcurrency: 16 });
    expect(gate.snapshot().effectiveConcurrency).toBe(16);
    gate.setLimits({ maxConcurrency: 1 });
    expect(gate.snapshot().effectiveConcurrency).toBe(1);
    expect(gate.tryAcquire(0)).toBe(50); // 2 still in flight
    gate.release('ok');
    gate.release('ok');
    expect(gate.tryAcquire(0)).toBe(0);
  });
});
