import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignProgress } from '../../campaign/status.js';
import { providerQueue } from '../../campaign/keys.js';
import { writeSimulatedCampaign } from '../../simulator/campaign-files.js';
import { Simulator } from '../../simulator/server.js';
import { collections } from '../../store/collections.js';
import type { WorkerSet } from '../../workers/run-workers.js';
import { campaignCalls, planned, sampleQuestions } from '../support/campaign-checks.js';
import { campaignHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';
/** a profile no worker serves when the worker starts */
const LATE_MODEL = 'sim-model-late';
const FILTERS = { filters: { categories: ['MK'] } };
const SHAPE = { models: 1, samples: 1, judges: 1, judgeRounds: 1 };

let h: CampaignHarness;
let other: Simulator;
let worker: WorkerSet;
let running: Promise<void>;
let questions: number;

beforeAll(async () => {
  h = await campaignHarness({ latencyMs: [0, 5] });
  other = new Simulator({ latencyMs: [0, 5] });
  await other.start();
  questions = (await sampleQuestions(h.db)).filter((q) => q.category === 'MK').length;
  // one long-running worker for the whole file, started with the first campaign's profiles, discovering the rest
  worker = await h.inProcessWorkers([MODEL, JUDGE], 1_000);
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await worker?.close();
  await other?.stop();
  await h?.close();
});

describe('one running worker, campaigns with their own settings', () => {
  it('a profile edited between two campaigns: each campaign’s calls reach the endpoint its own profiles named', async () => {
    const plan = planned({ questions, ...SHAPE });
    const first = await h.writeConfig({ sub: 'first', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: FILTERS });
    const { campaignId: firstId } = await h.start(first.configFile, 'settings-first');
    expect((await h.result(firstId)).status).toBe('completed');

    // the same profile names, now pointing at another server
    const edited = await writeSimulatedCampaign({ dir: path.join(h.dir, 'edited'), baseUrl: other.openaiBaseUrl, models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: FILTERS });
    const { campaignId: secondId } = await h.start(edited.configFile, 'settings-second');
    expect((await h.result(secondId)).status).toBe('completed');

    expect([campaignCalls(h.fake, firstId).total, campaignCalls(other, firstId).total]).toEqual([plan.calls, 0]);
    expect([campaignCalls(h.fake, secondId).total, campaignCalls(other, secondId).total]).toEqual([0, plan.calls]);
    const docs = await collections(h.db).campaigns.find({ _id: { $in: [firstId, secondId] } }, { projection: { profiles: 1, settingsHash: 1 } }).toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    expect(byId.get(firstId)!.profiles[MODEL]?.baseUrl).toBe(h.fake.openaiBaseUrl);
    expect(byId.get(secondId)!.profiles[MODEL]?.baseUrl).toBe(other.openaiBaseUrl);
    expect(byId.get(firstId)!.settingsHash).not.toBe(byId.get(secondId)!.settingsHash);
  });

  it('a campaign whose profile the worker did not serve runs without a restart: the worker finds its queue in the store', async () => {
    expect(worker.queues()).not.toContain(providerQueue(LATE_MODEL));
    const late = await h.writeConfig({ sub: 'late', models: [LATE_MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: FILTERS });
    const started = await h.start(late.configFile, 'settings-late');
    // discovered within the start's grace period, so nothing to warn about
    expect(started.warnings).toEqual([]);
    expect((await h.result(started.campaignId)).status).toBe('completed');
    expect(worker.queues()).toContain(providerQueue(LATE_MODEL));
    expect(campaignCalls(h.fake, started.campaignId).total).toBe(planned({ questions, ...SHAPE }).calls);
  });

  it('a queue no worker polls is named, with the command that serves it, by start and by status', async () => {
    // a worker set that serves only the first profiles and never discovers: the new profile's queue has no poller
    worker.shutdown();
    await running;
    await worker.close();
    worker = await h.inProcessWorkers([MODEL, JUDGE], 0);
    running = worker.run();
    const orphan = 'sim-model-orphan';
    const config = await h.writeConfig({ sub: 'orphan', models: [orphan], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: FILTERS });
    const started = await h.start(config.configFile, 'settings-orphan');
    expect(started.warnings).toHaveLength(1);
    expect(started.warnings[0]).toContain(providerQueue(orphan));
    expect(started.warnings[0]).toContain('medeval worker');
    const progress = await campaignProgress(h.client, started.campaignId, h.db);
    expect(progress.status).toBe('running');
    expect(progress.warnings).toEqual(started.warnings);
    expect(campaignCalls(h.fake, started.campaignId).total).toBe(0);
    await h.client.workflow.getHandle(started.campaignId).terminate('test over');
  });
});
