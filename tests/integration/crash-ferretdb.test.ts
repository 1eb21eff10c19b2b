import { afterAll, beforeAll, expect, it } from 'vitest';
import { FERRETDB } from '../../local-services/services.js';
import { expectCompletesPayingAgainOnlyUnsaved, onOwnServers, outage, startCrashCampaign, underWay } from '../support/crash-campaign.js';

let env: Awaited<ReturnType<typeof onOwnServers>>;

beforeAll(async () => {
  env = await onOwnServers();
});
afterAll(async () => {
  await env?.close();
});

it('FerretDB killed mid-campaign and restarted on its data: failed activities are retried, the campaign completes, nothing is paid twice beyond the unsaved', async () => {
  const { own, h } = env;
  const { campaignId, plan } = await startCrashCampaign(h);
  await underWay(h, plan);
  // down for seconds: results of calls answered meanwhile cannot be stored, so their activities fail and Temporal
  // retries them; activities that would start a call wait on the store first
  const unsaved = await outage(own, h, campaignId, FERRETDB, 3_000);
  expect(unsaved.size).toBeGreaterThan(0);

  const repeated = await expectCompletesPayingAgainOnlyUnsaved(h, campaignId, plan, unsaved);
  console.info(`FerretDB killed: ${unsaved.size} unsaved at the kill; ${repeated.extra} paid again`);
});
