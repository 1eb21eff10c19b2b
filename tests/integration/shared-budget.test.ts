import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { providerQueue } from '../../campaign/keys.js';
import { busiestWindow, readCallLog } from '../../simulator/call-stats.js';
import { planned, sampleQuestions, storedCounts, waitFor } from '../support/campaign-checks.js';
import { campaignHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { storedKeys } from '../support/paid-calls.js';
import { pollerIdentities } from '../support/pollers.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

/** One profile answers and judges, so every call counts against its one budget. */
const PROFILE = 'sim-shared';
const RPM = 180;
const SAMPLES = 4;
const JUDGE_ROUNDS = 3;

let h: CampaignHarness;
let logFile: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // the provider enforces the same budget, per key, over a sliding minute: any overshoot would come back as 429s
  h = await campaignHarness({ latencyMs: [200, 400], rateLimits: { requestsPerMinute: RPM } });
  logFile = path.join(h.dir, 'calls.jsonl');
  h.fake.configure({ callLogFile: logFile });
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await h?.close();
});

it('three worker processes on one profile spend one requests-per-minute budget; one killed mid-run, the others finish without paying twice', { timeout: 400_000 }, async () => {
  const { configFile, profilesFile } = await h.writeConfig({ models: [PROFILE], judges: [PROFILE], samples: SAMPLES, judgeRounds: JUDGE_ROUNDS, rateLimits: { requestsPerMinute: RPM, maxConcurrency: 8 }, extra: { allowSelfJudging: true } });
  workers.push(...(await Promise.all([0, 1, 2].map(() => startWorkerProcess(h.store.settings, profilesFile)))));
  const { campaignId } = await h.start(configFile);
  const plan = planned({ questions: (await sampleQuestions(h.db)).length, models: 1, samples: SAMPLES, judges: 1, judgeRounds: JUDGE_ROUNDS });
  // every process polls the profile's queue (so each takes a share of its tasks)
  await waitFor('three pollers on the queue', async () => (await pollerIdentities(h.client, providerQueue(PROFILE))).length >= 3, 30_000);

  await waitFor('a third of the calls', () => h.fake.calls().total >= plan.calls / 3, 120_000);
  await workers[0]!.kill();
  // what the provider had seen and the store did not hold when the worker died: the calls in flight anywhere
  const seen = Object.keys(h.fake.calls().byKey);
  const stored = await storedKeys(h.db, campaignId);
  const inFlight = new Set(seen.filter((key) => !stored.has(key)));

  expect((await h.result(campaignId)).status).toBe('completed');
  expect(await storedCounts(h.db, campaignId)).toEqual({
    generations: { succeeded: plan.generations, failed: 0 },
    judgements: { succeeded: plan.judgements, failed: 0 },
  });
  const calls = readCallLog(readFileSync(logFile, 'utf8'));
  const paid = new Map<string, number>();
  for (const c of calls.filter((c) => c.outcome === 'ok')) paid.set(c.key, (paid.get(c.key) ?? 0) + 1);
  // every stored result was paid for once, and only a call in flight at the kill was paid again
  expect(new Set(paid.keys())).toEqual(await storedKeys(h.db, campaignId));
  const paidTwice = [...paid].filter(([, n]) => n > 1).map(([key]) => key);
  expect(paidTwice.filter((key) => !inFlight.has(key))).toEqual([]);
  expect([...paid.values()].every((n) => n <= 2)).toBe(true);

  // the busiest minute at the provider, 429s and repeats included, stays within 5 % of the budget
  const busiest = busiestWindow(calls);
  const spanMs = Date.parse(calls.at(-1)!.at) - Date.parse(calls[0]!.at);
  expect(spanMs).toBeGreaterThan(60_000);
  expect(busiest.calls).toBeLessThanOrEqual(RPM * 1.05);
  // and the budget was used, not left idle: the three (then two) processes together ran near it
  expect(busiest.calls).toBeGreaterThan(RPM * 0.8);
  const limited = calls.filter((c) => c.outcome === 'rate_limited').length;
  console.info(
    `shared budget: ${calls.length} calls (${limited} 429s, ${paidTwice.length} paid twice, ${inFlight.size} in flight at the kill) in ${(spanMs / 1000).toFixed(1)} s; busiest minute ${busiest.calls} calls vs a budget of ${RPM}`,
  );
});
