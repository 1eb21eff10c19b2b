import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateGates } from '../../campaign/rate-gates.js';
import type { ProviderProfile } from '../../providers/profiles.js';
import { LEASE_MS } from '../../ratelimit/shared-budget.js';
import { collections } from '../../store/collections.js';
import { VersionChain } from '../../store/version-chain.js';
import { openTestStore } from '../support/services.js';

let store: Awaited<ReturnType<typeof openTestStore>>;

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

const profile = (name: string, maxConcurrency: number, requestsPerMinute?: number): ProviderProfile =>
  ({ name, kind: 'simulated', model: name, apiKeyEnv: 'K', rateLimits: { maxConcurrency, ...(requestsPerMinute ? { requestsPerMinute } : {}) } }) as unknown as ProviderProfile;

describe('VersionChain: one shared state, changed atomically by many clients', () => {
  it('three connections counting at once lose no update (each write is the insert of the next version)', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => MongoClient.connect(store.settings.mongoUri)));
    try {
      const chains = clients.map((c) => new VersionChain<{ count: number }>(collections(c.db(store.settings.mongoDb)).rateBudgets));
      const count = async (chain: VersionChain<{ count: number }>) => {
        let known = await chain.latest('count');
        for (let i = 0; i < 25; i += 1) {
          while (!(await chain.tryWrite('count', known.n, { count: (known.state?.count ?? 0) + 1 }))) known = await chain.latest('count', known.n);
          known = { n: known.n + 1, state: { count: (known.state?.count ?? 0) + 1 } };
        }
      };
      // four writers per connection, 300 increments in all
      await Promise.all(chains.flatMap((chain) => [0, 1, 2, 3].map(() => count(chain))));
      expect(await chains[0]!.latest('count')).toEqual({ n: 300, state: { count: 300 } });
    } finally {
      for (const c of clients) await c.close();
    }
  });

  it('keeps the last thousand versions: older ones are deleted, and a fresh reader still finds the latest', async () => {
    const chain = new VersionChain<{ i: number }>(collections(store.db).rateBudgets);
    for (let n = 0; n < 1_150; n += 1) expect(await chain.tryWrite('long', n, { i: n + 1 })).toBe(true);
    expect(await new VersionChain<{ i: number }>(collections(store.db).rateBudgets).latest('long')).toEqual({ n: 1_150, state: { i: 1_150 } });
    const kept = await collections(store.db).rateBudgets.countDocuments({ key: 'long' });
    // versions 1–150 are gone (50 each at the writes of 1,050, 1,100 and 1,150); the head hint is one more document
    expect(kept).toBe(1_000 + 1);
    expect(await chain.tryWrite('long', 1_149, { i: 0 })).toBe(false);
  });
});

describe('RateGates: concurrency leases shared by worker processes', () => {
  it('two processes share one concurrency limit; a dead holder’s leases come back after LEASE_MS; a 429 lowers the queue rate everywhere', async () => {
    const clock = { t: 1_000_000 };
    const rates: [string, string, number | undefined][] = [];
    const gates = (who: string) => new RateGates(store.db, async (name, perSecond) => void rates.push([who, name, perSecond]), () => clock.t);
    const [a, b] = [gates('a'), gates('b')];
    const p = profile('shared-p', 2, 120);
    // a call refused for concurrency waits in its process for up to a second (a local release would wake it)
    const refused = (g: RateGates) => {
      const asked = g.acquire(p, undefined, 1);
      clock.t += 1_000;
      return asked;
    };
    try {
      const first = await Promise.all([a.acquire(p, undefined, 1), a.acquire(p, undefined, 1)]);
      expect(first.map((x) => x.waitMs)).toEqual([0, 0]);
      expect(await refused(b)).toEqual({ waitMs: 200 });
      // A gives one back: B gets its place
      a.release('shared-p', first[0]!.lease!, 'ok', 1);
      await a.flush();
      clock.t += 300;
      const second = await b.acquire(p, undefined, 1);
      expect(second.waitMs).toBe(0);
      // B's call meets a 429: concurrency 2 → 1 and the queue's rate halves, for A as for B
      b.release('shared-p', second.lease!, 'rate_limited', 1);
      await b.flush();
      const halved = (120 * 0.97 * 0.5) / 60;
      expect(rates.at(-1)).toEqual(['b', 'shared-p', halved]);
      await a.reconcile('shared-p');
      expect(rates.at(-1)).toEqual(['a', 'shared-p', halved]);
      // A still holds a lease and dies without giving it back: B waits until it expires
      clock.t += 300;
      expect((await refused(b)).waitMs).toBe(200);
      clock.t += LEASE_MS;
      expect((await b.acquire(p, undefined, 1)).waitMs).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a call waiting for a place gets the one a call in the same process gives back, at once', async () => {
    const clock = { t: 5_000_000 };
    const gates = new RateGates(store.db, undefined, () => clock.t);
    const p = profile('parked-p', 1);
    try {
      const first = await gates.acquire(p, undefined, 1);
      expect(first.waitMs).toBe(0);
      const second = gates.acquire(p, undefined, 1);
      gates.release('parked-p', first.lease!, 'ok', 1);
      // the clock stands still: no poll interval passes, the release itself hands the place on
      expect((await second).waitMs).toBe(0);
    } finally {
      await gates.close();
    }
  });
});
