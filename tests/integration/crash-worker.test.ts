import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { campaignHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { CRASH_FAKE_CONFIG, expectCompletesPayingAgainOnlyUnsaved, startCrashCampaign, underWay, unsavedWhileStopped } from '../support/crash-campaign.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

let h: CampaignHarness;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  h = await campaignHarness(CRASH_FAKE_CONFIG);
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await h.close();
});

it('a worker process killed mid-campaign: another finishes it, paying again only calls whose result was unsaved at the kill', async () => {
  const { campaignId, profilesFile, plan } = await startCrashCampaign(h);
  const a = await startWorkerProcess(h.store.settings, profilesFile);
  workers.push(a);
  await underWay(h, plan);
  await a.kill();
  // requests A sent before it died may still be on their way into the provider; no one else calls until B starts
  await sleep(500);
  const { atKill, stored, unsaved } = await unsavedWhileStopped(h, campaignId);

  workers.push(await startWorkerProcess(h.store.settings, profilesFile));
  const repeated = await expectCompletesPayingAgainOnlyUnsaved(h, campaignId, plan, unsaved);
  // the bound is met exactly: nothing stores an unsaved result once A is dead, so B had to call for each of them
  expect(repeated.extra).toBe(unsaved.size);
  expect(new Set(repeated.keys)).toEqual(unsaved);
  console.info(`worker killed: ${atKill.total} calls seen, ${stored.size} results stored, ${unsaved.size} unsaved; ${repeated.extra} paid again`);
});
