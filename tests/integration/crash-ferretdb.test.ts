import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FERRETDB } from '../../local-services/services.js';
import { expectCompletesPayingAgainOnlyUnsaved, onOwnServers, startCrashCampaign, underWay, unsavedWhileStopped } from '../support/crash-campaign.js';

let env: Awaited<ReturnType<typeof onOwnServers>>;

beforeAll(async () => {
  env = await onOwnServers();
});
afterAll(async () => {
  await env?.close();
});

it('FerretDB killed mid-campaign and restarted on its data: the campaign completes, paying again exactly the calls whose result was unsaved', async () => {
  const { own, h } = env;
  const { campaignId, plan } = await startCrashCampaign(h);
  await underWay(h, plan);
  await own.kill(FERRETDB);
  // the workers go down with the store: results answered meanwhile cannot be stored, and nothing calls on
  await env.stopWorkers();
  await sleep(500);
  await own.restart(FERRETDB);
  const { atKill, stored, unsaved } = await unsavedWhileStopped(h, campaignId);

  await env.startWorkers();
  const repeated = await expectCompletesPayingAgainOnlyUnsaved(h, campaignId, plan, unsaved);
  // exact: nothing stored an unsaved result while the workers were down, so the new ones called for each of them
  expect(repeated.extra).toBe(unsaved.size);
  expect(new Set(repeated.keys)).toEqual(unsaved);
  console.info(`FerretDB killed: ${atKill.total} calls seen, ${stored.size} results stored, ${unsaved.size} unsaved; ${repeated.extra} paid again`);
});
