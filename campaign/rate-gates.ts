import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import type { ProviderProfile } from '../providers/profiles.js';
import { CONCURRENCY_POLL_MS, initialBudget, LEASE_MS, queueRatePerSecond, stepBudget, type Acquire, type BudgetState, type CallOutcome, type Release } from '../ratelimit/shared-budget.js';
import type { VersionChain } from '../store/version-chain.js';
import { activeLimits } from './active-campaigns.js';
import { budgetChain, budgetKey, type QueueRateSetter } from './queue-rate.js';

const LIMITS_REFRESH_MS = 5_000;
/** A refusal is decided on a state read at most this long ago (a grant is always checked by the write). */
const STATE_FRESH_MS = 250;
/** How long a call refused for concurrency waits here for a place (then its caller heartbeats and asks again). */
const PARK_MS = 1_000;

export type Admission = { lease: string; waitMs: 0 } | { lease?: undefined; waitMs: number };

interface Waiting {
  acquire: Acquire;
  since: number;
  done: (admission: Admission) => void;
  fail: (err: unknown) => void;
}

/** What this process knows of one profile's budget, and the operations waiting to be applied to it. */
interface ProfileBudget {
  profile: string;
  limits: RateLimits;
  limitsAt: number;
  /** the limits the last call brought (its profile's and campaign's), in case its campaign is not listed as active */
  callerLimits?: RateLimits | undefined;
  refreshing?: Promise<void> | undefined;
  n: number;
  state?: BudgetState | undefined;
  readAt: number;
  waiting: Waiting[];
  /** acquires refused for concurrency: tried again with every change here and every CONCURRENCY_POLL_MS */
  parked: Waiting[];
  parkTimer?: NodeJS.Timeout | undefined;
  releases: Release[];
  /** leases this process holds: renewed while their calls run */
  held: Set<string>;
  renewDue: boolean;
  running?: Promise<void> | undefined;
  /** the rate last given to the queue; null: not yet */
  pushed: number | undefined | null;
}

/**
 * The shared budget of every provider profile, as this worker process takes part in it. Requests per minute are
 * the Temporal server's to enforce (the profile's queue rate, set through `setQueueRate`); concurrency and tokens
 * per minute are leases in one document chain per profile in the store (`ratelimit/shared-budget.ts` decides,
 * `store/version-chain.ts` makes each change atomic), and a 429 anywhere lowers both the concurrency and the
 * queue's rate for every worker. Operations queued while a change is being written go together in the next one.
 */
export class RateGates {
  private readonly budgets = new Map<string, ProfileBudget>();
  private readonly chain: VersionChain<BudgetState>;
  private readonly holder = randomUUID().slice(0, 8);
  private seq = 0;
  private readonly renewal: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly setQueueRate?: QueueRateSetter,
    private readonly now: () => number = Date.now,
  ) {
    this.chain = budgetChain(db);
    this.renewal = setInterval(() => this.renewHeld(), LEASE_MS / 3);
    this.renewal.unref();
  }

  /** 0 and a lease when a call estimated at `tokens` may start now, else how long to wait before asking again. */
  async acquire(profile: ProviderProfile, campaignLimits: RateLimits | undefined, tokens: number): Promise<Admission> {
    const since = this.now();
    const b = this.budget(profile.name);
    b.callerLimits = { ...profile.rateLimits, ...campaignLimits };
    await this.refreshLimits(b);
    return new Promise<Admission>((done, fail) => {
      b.waiting.push({ acquire: { lease: `${this.holder}-${(this.seq += 1)}`, tokens }, since, done, fail });
      this.kick(b);
    });
  }

  /** Gives a lease back with its call's outcome (AIMD) and the tokens it really used; applied in the background. */
  release(profile: string, lease: string, outcome: CallOutcome, estimated: number, actual = estimated): void {
    const b = this.budget(profile);
    b.held.delete(lease);
    b.releases.push({ lease, outcome, estimated, actual });
    this.kick(b);
  }

  /**
   * Gives the profile's queue its rate now (before a worker polls it, so a stale rate from an earlier run is gone);
   * returns that rate, requests per second (undefined: not limited).
   */
  async reconcile(profile: string): Promise<number | undefined> {
    const b = this.budget(profile);
    b.limitsAt = 0;
    await this.read(b);
    await this.refreshLimits(b);
    return queueRatePerSecond(b.limits, b.state);
  }

  /** Resolves once every queued operation is written (releases included): before a worker exits, or in tests. */
  async flush(): Promise<void> {
    for (const b of this.budgets.values()) while (b.running) await b.running;
  }

  async close(): Promise<void> {
    clearInterval(this.renewal);
    await this.flush();
    for (const b of this.budgets.values()) clearTimeout(b.parkTimer);
  }

  private budget(profile: string): ProfileBudget {
    let b = this.budgets.get(profile);
    if (!b) {
      b = { profile, limits: {}, limitsAt: 0, n: 0, readAt: 0, waiting: [], parked: [], releases: [], held: new Set(), renewDue: false, pushed: null };
      this.budgets.set(profile, b);
    }
    return b;
  }

  /** Limits are re-read every few seconds; concurrent callers share one read. */
  private async refreshLimits(b: ProfileBudget): Promise<void> {
    if (this.now() - b.limitsAt < LIMITS_REFRESH_MS) return;
    b.refreshing ??= activeLimits(this.db, b.profile, b.callerLimits)
      .then(async (limits) => {
        b.limits = limits;
        b.limitsAt = this.now();
        await this.pushRate(b);
      })
      .finally(() => {
        b.refreshing = undefined;
      });
    await b.refreshing;
  }

  private async read(b: ProfileBudget): Promise<void> {
    const latest = await this.chain.latest(budgetKey(b.profile), b.n);
    b.n = latest.n;
    b.state = latest.state;
    b.readAt = this.now();
  }

  private kick(b: ProfileBudget): void {
    if (b.running) return;
    b.running = this.drain(b).finally(() => {
      b.running = undefined;
      if (b.waiting.length || b.releases.length || b.renewDue) this.kick(b);
    });
  }

  /** One change of the shared state with every operation queued so far, retried on a newer version until written. */
  private async drain(b: ProfileBudget): Promise<void> {
    // parked calls first: they came first
    const waiting = [...b.parked.splice(0), ...b.waiting.splice(0)];
    const releases = b.releases.splice(0);
    const renew = b.renewDue ? [...b.held] : [];
    b.renewDue = false;
    try {
      let result;
      for (;;) {
        if (!b.state || this.now() - b.readAt > STATE_FRESH_MS) await this.read(b);
        const now = this.now();
        result = stepBudget(b.state ?? initialBudget(b.limits, now), { releases, renew, acquires: waiting.map((w) => w.acquire) }, b.limits, now);
        if (!result.changed) break;
        if (await this.chain.tryWrite(budgetKey(b.profile), b.n, result.state)) {
          b.n += 1;
          b.state = result.state;
          b.readAt = now;
          break;
        }
        await this.read(b);
      }
      const admitted = new Set(result.admitted);
      const now = this.now();
      for (const w of waiting) {
        if (admitted.has(w.acquire.lease)) {
          b.held.add(w.acquire.lease);
          w.done({ lease: w.acquire.lease, waitMs: 0 });
        } else if (result.waitMs === CONCURRENCY_POLL_MS && now - w.since < PARK_MS) {
          // a place may come free any moment (a call here ends): wait for it here rather than sleep blindly
          b.parked.push(w);
        } else {
          w.done({ waitMs: Math.max(1, result.waitMs) });
        }
      }
      if (b.parked.length && !b.parkTimer) {
        b.parkTimer = setTimeout(() => {
          b.parkTimer = undefined;
          this.kick(b);
        }, CONCURRENCY_POLL_MS);
      }
      if (releases.length && b.pushed !== null) await this.pushRate(b);
    } catch (err) {
      // the store is away: callers fail (Temporal retries them); released leases expire on their own
      for (const w of waiting) w.fail(err);
      for (const w of b.parked.splice(0)) w.fail(err);
    }
  }

  private renewHeld(): void {
    for (const b of this.budgets.values()) {
      if (b.held.size === 0) continue;
      b.renewDue = true;
      this.kick(b);
    }
  }

  private async pushRate(b: ProfileBudget): Promise<void> {
    const rate = queueRatePerSecond(b.limits, b.state);
    if (!this.setQueueRate || rate === b.pushed) return;
    b.pushed = rate;
    await this.setQueueRate(b.profile, rate).catch(() => {
      // tried again with the next change or refresh
      b.pushed = null;
    });
  }
}
