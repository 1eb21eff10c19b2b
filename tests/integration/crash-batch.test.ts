import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { customIdOf } from '../../campaign/batch-run.js';
import { collections } from '../../store/collections.js';
import { planned, sampleQuestions, storedCounts, waitFor } from '../support/campaign-checks.js';
import { campaignHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const CATEGORIES = ['MK', 'MLU'];
const SHAPE = { models: 1, samples: 2, judges: 1, judgeRounds: 2 };

let h: CampaignHarness;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // each batch takes 1.5 s at the fake: a worker can be killed while one is open
  h = await campaignHarness({ latencyMs: [0, 5], batches: { delayMs: 1_500 } });
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await h.close();
});

/** A campaign whose model batches through the OpenAI SDK and whose judge batches through the Anthropic SDK. */
async function startBatchCampaign(campaignId: string) {
  const files = await h.writeConfig({ sub: campaignId, models: [`${campaignId}-m`], judges: [`${campaignId}-j`], samples: SHAPE.samples, judgeRounds: SHAPE.judgeRounds, extra: { filters: { categories: CATEGORIES } } });
  const doc = parseYaml(await readFile(files.profilesFile, 'utf8')) as { profiles: Record<string, Record<string, unknown>> };
  const batch = { enabled: true, pollSeconds: 0.2, maxRequests: 50 };
  doc.profiles[`${campaignId}-m`] = { ...doc.profiles[`${campaignId}-m`], kind: 'openai', model: 'gpt-sim', batch };
  doc.profiles[`${campaignId}-j`] = { ...doc.profiles[`${campaignId}-j`], kind: 'anthropic', baseUrl: h.fake.url, model: 'claude-sim-judge', params: { maxTokens: 512 }, batch };
  await writeFile(files.profilesFile, stringify(doc));
  await h.start(files.configFile, campaignId);
  const questions = (await sampleQuestions(h.db)).filter((q) => CATEGORIES.includes(q.category)).length;
  return { profilesFile: files.profilesFile, plan: planned({ questions, ...SHAPE }) };
}

/**
 * Forgets the provider's id of the open batches, as if the worker had died between the provider accepting it and the
 * store recording it (when the kill came in that very window, it is forgotten already): the next worker must find
 * that batch at the provider, not submit its items again.
 */
async function loseBatchId(campaignId: string, keepBinding = false): Promise<void> {
  const { batches, providerBatches } = collections(h.db);
  const open = (await batches.find({ campaignId }).toArray()).filter((b) => b.status !== 'done');
  expect(open.length).toBeGreaterThan(0);
  for (const record of open.filter((b) => b.batchId !== undefined)) {
    await batches.updateOne({ _id: record._id }, { $set: { status: 'submitting' }, $unset: { batchId: '', submittedAt: '' } });
    // keepBinding: the crash came after the provider batch was bound to its record, before the record had its id
    if (!keepBinding) await providerBatches.deleteOne({ _id: record.batchId! });
  }
}

/** The campaign completes with every result stored, and the fake answered (billed) each request key exactly once. */
async function expectCompletesBilledOnce(campaignId: string, plan: { generations: number; judgements: number; calls: number }) {
  expect((await h.result(campaignId)).status).toBe('completed');
  expect(await storedCounts(h.db, campaignId)).toEqual({ generations: { succeeded: plan.generations, failed: 0 }, judgements: { succeeded: plan.judgements, failed: 0 } });
  const { generations, judgements, batches } = collections(h.db);
  const keys = [...(await generations.find({ campaignId }).toArray()), ...(await judgements.find({ campaignId }).toArray())].map((d) => d._id);
  const billed = h.fake.calls().byKey;
  expect(keys.filter((k) => billed[customIdOf(k)] !== 1)).toEqual([]);
  expect((await batches.find({ campaignId }).toArray()).every((b) => b.status === 'done')).toBe(true);
}

const openBatches = () => h.fake.batches().filter((b) => b.state === 'in_progress');

describe('SIGKILL of a worker in batch mode (real SDKs, worker processes)', () => {
  it.each([
    ['(a) right after a submission whose id the store never got: the next worker finds the batch (OpenAI: by its metadata)', 'crash-submit', 'openai', false],
    ['(a′) right after a submission bound to its record but not recorded in it: the next worker adopts it', 'crash-bound', 'openai', true],
    ['(b) while polling a judge batch (Anthropic) whose id was lost: the next worker finds it by its items when it ends', 'crash-poll', 'anthropic', false],
  ] as const)('%s; no key billed twice', async (_, campaignId, api, keepBinding) => {
    // only worker A may hold the batch when it dies (a running worker would pick up this campaign's queues too)
    for (const w of workers.splice(0)) await w.stop();
    const { profilesFile, plan } = await startBatchCampaign(campaignId);
    const a = await startWorkerProcess(h.store.settings, profilesFile);
    workers.push(a);
    await waitFor(`an open ${api} batch`, () => openBatches().some((b) => b.api === api), 120_000);
    // polling: the worker has looked at it a few times
    if (api === 'anthropic') await new Promise((r) => setTimeout(r, 500));
    await a.kill();
    await loseBatchId(campaignId, keepBinding);
    workers.push(await startWorkerProcess(h.store.settings, profilesFile));
    await expectCompletesBilledOnce(campaignId, plan);
  });
});
