import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect } from 'vitest';
import { importDatasetFile } from '../../campaign/datasets.js';
import { collections } from '../../store/collections.js';
import { campaignHarness, type CampaignHarness } from './campaign-harness.js';
import type { ServerAddresses } from './services.js';

/** A name that appears nowhere but where the dataset is named: in plaintext it is easy to find. */
export const PROBE_DATASET = 'codec-probe-dataset';
export const CODEC_ENV = { MEDEVAL_CODEC_KEY: randomBytes(32).toString('base64'), MEDEVAL_CODEC_KEY_ID: 'it-key-1' };

export interface Execution {
  workflowId: string;
  runId: string;
}

/**
 * A one-model campaign on the sample imported as PROBE_DATASET, with `env` over process.env for the client and
 * the in-process workers (the codec's keys, or none), run to completion; the model refuses its third call, so one
 * activity fails and its failure (with its message) is in history too. The workers stop before it returns. The
 * caller closes the harness.
 */
export async function runProbeCampaign(
  env: Record<string, string>,
  campaignId: string,
  servers?: ServerAddresses,
): Promise<{ h: CampaignHarness; executions: Execution[]; questionId: string; failureMessage: string }> {
  const h = await campaignHarness({ latencyMs: [0, 2], faults: [{ fault: 'refusal', model: 'sim-model-a', calls: [3] }] }, servers, env);
  await importDatasetFile(h.db, { file: path.resolve('dataset/sample.json'), name: PROBE_DATASET });
  const workers = await h.inProcessWorkers(['sim-model-a', 'sim-judge'], 0);
  const running = workers.run();
  try {
    const { configFile } = await h.writeConfig({ dataset: PROBE_DATASET, models: ['sim-model-a'], samples: 1, judgeRounds: 1 });
    await h.start(configFile, campaignId);
    expect((await h.result(campaignId)).status).toBe('completed');
  } finally {
    workers.shutdown();
    await running;
    await workers.close();
  }
  let executions: Execution[] = [];
  // the campaign and its one model run; visibility may lag a moment behind
  for (let attempt = 0; attempt < 40 && executions.length < 2; attempt += 1) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
    executions = [];
    for await (const e of h.client.workflow.list({ query: `MedevalCampaignId = '${campaignId}'` })) executions.push({ workflowId: e.workflowId, runId: e.runId });
  }
  expect(executions).toHaveLength(2);
  const question = await h.db.collection('questions').findOne({ datasetId: `${PROBE_DATASET}@1` }, { sort: { _id: 1 } });
  // the refused call, and the later rounds of its conversation skipped
  const failed = (await collections(h.db).generations.find({ campaignId, status: 'failed' }).toArray()).filter((g) => g.error?.kind !== 'skipped');
  expect(failed).toHaveLength(1);
  return { h, executions, questionId: String(question!.questionId), failureMessage: failed[0]!.error!.message };
}
