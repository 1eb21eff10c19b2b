import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEMPORAL } from '../../local-services/services.js';
import { expectCompletesPayingAgainOnlyUnsaved, onOwnServers, outage, startCrashCampaign, underWay } from '../support/crash-campaign.js';

let env: Awaited<ReturnType<typeof onOwnServers>>;

beforeAll(async () => {
  env = await onOwnServers();
});
afterAll(async () => {
  await env?.close();
});

it('Temporal killed mid-campaign and restarted on its database: the worker reconnects, the campaign completes, nothing is paid twice beyond the unsaved', async () => {
  const { own, h } = env;
  const { campaignId, plan } = await startCrashCampaign(h);
  await underWay(h, plan);
  // down longer than the worker keeps retrying to report a finished activity (ten retries, about 11 s): some
  // reports are dropped, and those activities run again once their heartbeat timeout passes
  const unsaved = await outage(own, h, campaignId, TEMPORAL, 12_000);
  expect(unsaved.size).toBeGreaterThan(0);

  // the same in-process worker, never restarted: its connection has to find the server again
  const repeated = await expectCompletesPayingAgainOnlyUnsaved(h, campaignId, plan, unsaved);
  // stricter than the bound: MongoDB stayed up, so every answered call was stored, and an activity run again because
  // its report was dropped finds the stored result instead of paying again
  expect(repeated.extra).toBe(0);
  console.info(`Temporal killed: ${unsaved.size} unsaved at the kill; ${repeated.extra} paid again`);
});
