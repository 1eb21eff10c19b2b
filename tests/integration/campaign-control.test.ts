import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { signalCampaign } from '../../campaign/control.js';
import { campaignProgress } from '../../campaign/status.js';
import { collections } from '../../store/collections.js';
import { callsSettled, campaignCalls, planned, reportJson, sampleQuestions, storedCounts, waitFor } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
const SHAPE = { models: MODELS.length, samples: 2, judges: 1, judgeRounds: 2 };
/** long enough to measure: slow calls, four at a time per profile */
const CONFIG = { models: MODELS, judges: [JUDGE], samples: SHAPE.samples, judgeRounds: SHAPE.judgeRounds, rateLimits: { maxConcurrency: 4 } };
/** a paused or cancelled campaign must make no call at all over this long */
const QUIET_INTERVAL_MS = 4_000;

let h: CampaignHarness;
runningHarness({ latencyMs: [200, 400] }, [...MODELS, JUDGE], (harness) => (h = harness));

async function campaignStatus(campaignId: string) {
  return (await collections(h.db).campaigns.findOne({ _id: campaignId }))?.status;
}

describe('pausing, resuming and cancelling a running campaign', () => {
  it('pause stops every call (in-flight ones finish); resume completes the campaign with each item paid once', async () => {
    const plan = planned({ questions: (await sampleQuestions(h.db)).length, ...SHAPE });
    const { configFile } = await h.writeConfig({ sub: 'pause', ...CONFIG });
    const { campaignId } = await h.start(configFile, 'control-pause');
    await waitFor('the first calls', () => campaignCalls(h.fake, campaignId).total >= 10);

    await signalCampaign(h.client, campaignId, 'pause');
    const settled = await callsSettled(h.fake);
    await sleep(QUIET_INTERVAL_MS);
    expect(h.fake.calls().total).toBe(settled);
    // paused well before the end, so the quiet interval above means something
    expect(campaignCalls(h.fake, campaignId).total).toBeLessThan(plan.calls / 2);
    expect(await campaignStatus(campaignId)).toBe('paused');
    expect((await campaignProgress(h.client, campaignId)).status).toBe('paused');

    await signalCampaign(h.client, campaignId, 'resume');
    expect((await campaignProgress(h.client, campaignId)).status).toBe('running');
    const result = await h.result(campaignId);
    expect(result.status).toBe('completed');
    expect(await campaignStatus(campaignId)).toBe('completed');
    expect(await storedCounts(h.db, campaignId)).toEqual({
      generations: { succeeded: plan.generations, failed: 0 },
      judgements: { succeeded: plan.judgements, failed: 0 },
    });
    const calls = campaignCalls(h.fake, campaignId);
    expect(calls.total).toBe(plan.calls);
    expect(Object.values(calls.byKey).every((n) => n === 1)).toBe(true);
  });

  it('cancel lets in-flight calls finish and be stored, starts nothing new, and reports exactly what was stored', async () => {
    const plan = planned({ questions: (await sampleQuestions(h.db)).length, ...SHAPE });
    const { configFile } = await h.writeConfig({ sub: 'cancel', ...CONFIG });
    const { campaignId } = await h.start(configFile, 'control-cancel');
    await waitFor('the first calls', () => campaignCalls(h.fake, campaignId).total >= 10);

    await signalCampaign(h.client, campaignId, 'cancel');
    const result = await h.result(campaignId);
    expect(result.status).toBe('cancelled');
    const settled = await callsSettled(h.fake);
    await sleep(QUIET_INTERVAL_MS);
    expect(h.fake.calls().total).toBe(settled);
    expect(await campaignStatus(campaignId)).toBe('cancelled');

    // every call made was stored as an answer or verdict (none lost, none failed by the cancel), and none twice
    const calls = campaignCalls(h.fake, campaignId);
    const stored = await storedCounts(h.db, campaignId);
    expect(stored.generations.failed + stored.judgements.failed).toBe(0);
    expect(stored.generations.succeeded + stored.judgements.succeeded).toBe(calls.total);
    expect(Object.values(calls.byKey).every((n) => n === 1)).toBe(true);
    expect(calls.total).toBeLessThan(plan.calls / 2);

    // the partial report is stored and counts only the stored verdicts
    const report = await reportJson(h.db, result.campaignId);
    expect(report.campaign.status).toBe('cancelled');
    expect(report.failures).toEqual([]);
    const { judgements } = collections(h.db);
    const storedPerModel = await Promise.all(report.models.map(async (m) => [m.model, await judgements.countDocuments({ campaignId, model: m.model })]));
    expect(report.models.map((m) => [m.model, m.counts.records])).toEqual(storedPerModel);
    expect(report.models.reduce((n, m) => n + m.counts.records, 0)).toBe(stored.judgements.succeeded);
  });
});
