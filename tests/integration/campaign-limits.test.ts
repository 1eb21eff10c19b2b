import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { collections } from '../../store/collections.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { campaignCalls, planned, storedCounts, waitFor } from '../support/campaign-checks.js';

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';
let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [MODEL, JUDGE], (harness) => (h = harness));

it('a rate limit changed while the campaign runs takes effect without restarting it', async () => {
  // 30 requests/min per profile: the gate admits ~0.49 calls/s per profile after a burst of one
  const { configFile } = await h.writeConfig({
    models: [MODEL],
    judges: [JUDGE],
    rateLimits: { requestsPerMinute: 30, maxConcurrency: 4 },
    extra: { filters: { categories: ['MK', 'MLU'] } },
  });
  const started = Date.now();
  const { campaignId } = await h.start(configFile);
  await sleep(6_000 - (Date.now() - started));
  const underOldLimit = campaignCalls(h.fake, campaignId).total;
  // two profiles × (1 burst + 6 s × 29.1/60 per s) = 7.8
  expect(underOldLimit).toBeLessThanOrEqual(8);
  expect(underOldLimit).toBeGreaterThan(0);

  const { providerLimits } = collections(h.db);
  for (const profile of [MODEL, JUDGE]) {
    await providerLimits.updateOne({ _id: profile }, { $set: { requestsPerMinute: 60_000, updatedAt: new Date() } }, { upsert: true });
  }
  const plan = planned({ questions: 7, models: 1, samples: 3, judges: 1, judgeRounds: 3 });
  // under the old limit the remaining calls would need more than 75 s; workers re-read limits every 5 s
  await waitFor('the campaign to finish under the raised limit', async () => (await h.client.workflow.getHandle(campaignId).describe()).status.name === 'COMPLETED', 40_000);
  expect(await storedCounts(h.db, campaignId)).toEqual({
    generations: { succeeded: plan.generations, failed: 0 },
    judgements: { succeeded: plan.judgements, failed: 0 },
  });
  expect(campaignCalls(h.fake, campaignId).total).toBe(plan.calls);
});
