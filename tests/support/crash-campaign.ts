import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { collections } from '../../store/collections.js';
import { planned, sampleQuestions, storedCounts, waitFor } from './campaign-checks.js';
import { campaignHarness, type CampaignHarness } from './campaign-harness.js';
import type { SimulatorConfig } from '../../simulator/config.js';
import { ownServices, type OwnServices, type ServiceName } from './own-services.js';
import { repeatedCalls, storedKeys, unsavedKeys } from './paid-calls.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGES = ['sim-judge'];
const SAMPLES = 3;
const JUDGE_ROUNDS = 3;

/** Calls slow enough that the campaign runs for seconds and calls are in flight whenever the crash comes. */
export const CRASH_FAKE_CONFIG: SimulatorConfig = { latencyMs: [100, 300] };

/** The crash tests' campaign: the sample set, two simulated models, three samples, one judge judging three times. */
export async function startCrashCampaign(h: CampaignHarness) {
  const { configFile, profilesFile } = await h.writeConfig({ models: MODELS, judges: JUDGES, samples: SAMPLES, judgeRounds: JUDGE_ROUNDS });
  const { campaignId } = await h.start(configFile);
  const questions = (await sampleQuestions(h.db)).length;
  const plan = planned({ questions, models: MODELS.length, samples: SAMPLES, judges: JUDGES.length, judgeRounds: JUDGE_ROUNDS });
  return { campaignId, profilesFile, plan };
}

/** Resolves once 40 % of the planned calls have reached the provider: a crash then hits a campaign well under way. */
export function underWay(h: CampaignHarness, plan: { calls: number }): Promise<void> {
  const share = Math.round(0.4 * plan.calls);
  return waitFor(`${share} calls`, () => h.fake.calls().total >= share, 60_000);
}

/** In-process workers for the crash campaign's profiles, running until `stop`. */
async function runWorkers(h: CampaignHarness): Promise<{ stop: () => Promise<void> }> {
  const workers = await h.inProcessWorkers([...MODELS, ...JUDGES]);
  const running = workers.run();
  return {
    stop: async () => {
      workers.shutdown();
      await running;
      await workers.close();
    },
  };
}

/**
 * The test's own Temporal and FerretDB, a campaign harness on them, and in-process workers for the crash campaign
 * (`stopWorkers` and `startWorkers` replace them, as a worker crash and restart would).
 */
export async function onOwnServers(): Promise<{ own: OwnServices; h: CampaignHarness; close: () => Promise<void>; stopWorkers: () => Promise<void>; startWorkers: () => Promise<void> }> {
  const own = await ownServices();
  const cleanup: (() => Promise<void>)[] = [() => own.stop()];
  let workers: { stop: () => Promise<void> } | undefined;
  const stopWorkers = async () => {
    await workers?.stop();
    workers = undefined;
  };
  const close = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    const h = await campaignHarness(CRASH_FAKE_CONFIG, own.servers);
    cleanup.push(() => h.close());
    const startWorkers = async () => {
      workers = await runWorkers(h);
    };
    await startWorkers();
    cleanup.push(stopWorkers);
    return { own, h, close, stopWorkers, startWorkers };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Kills one of the test's servers mid-campaign, keeps it down for `downMs` and starts it again on the same port
 * and data. Returns the keys unsaved at the kill: calls the provider had seen whose results were not stored.
 */
export async function outage(own: OwnServices, h: CampaignHarness, campaignId: string, service: ServiceName, downMs: number): Promise<Set<string>> {
  // read before the kill: a result stored in between only makes the set larger than it need be
  const stored = await storedKeys(h.db, campaignId);
  await own.kill(service);
  const unsaved = unsavedKeys(h.fake.calls(), stored);
  await sleep(downMs);
  await own.restart(service);
  return unsaved;
}

/**
 * After the crash: the campaign completes and stores every planned result, as a run without the crash would; every
 * call was paid for, and (no faults injected) the only calls paid again are ones whose result was unsaved at the
 * crash. Returns the calls paid again.
 */
export async function expectCompletesPayingAgainOnlyUnsaved(
  h: CampaignHarness,
  campaignId: string,
  plan: { generations: number; judgements: number },
  unsaved: ReadonlySet<string>,
): Promise<{ extra: number; keys: string[] }> {
  expect((await h.result(campaignId)).status).toBe('completed');
  expect((await collections(h.db).campaigns.findOne({ _id: campaignId }))?.status).toBe('completed');
  expect(await storedCounts(h.db, campaignId)).toEqual({
    generations: { succeeded: plan.generations, failed: 0 },
    judgements: { succeeded: plan.judgements, failed: 0 },
  });
  const calls = h.fake.calls();
  // every call was for a result the campaign stored, and every stored result was called for
  expect(new Set(Object.keys(calls.byKey))).toEqual(await storedKeys(h.db, campaignId));
  expect(calls.byOutcome).toEqual({ ok: calls.total });
  const repeated = repeatedCalls(calls);
  expect(repeated.keys.filter((key) => !unsaved.has(key))).toEqual([]);
  expect(repeated.extra).toBeLessThanOrEqual(unsaved.size);
  expect(calls.total).toBe(plan.generations + plan.judgements + repeated.extra);
  return repeated;
}

/**
 * The calls unsaved once nothing can call any more (the workers are dead or stopped): before that, each key was
 * called once and each stored result was called for, so the unsaved set is exactly the calls minus the stored.
 */
export async function unsavedWhileStopped(h: CampaignHarness, campaignId: string) {
  const atKill = h.fake.calls();
  const stored = await storedKeys(h.db, campaignId);
  const unsaved = unsavedKeys(atKill, stored);
  expect(Object.keys(atKill.byKey)).toHaveLength(atKill.total);
  expect([...stored].filter((key) => !(key in atKill.byKey))).toEqual([]);
  expect(unsaved.size).toBe(atKill.total - stored.size);
  expect(unsaved.size).toBeGreaterThan(0);
  return { atKill, stored, unsaved };
}
