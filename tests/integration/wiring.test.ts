import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { importDatasetFile } from '../../campaign/datasets.js';
import { validateDatasetFile } from '../../dataset/validate-file.js';
import { connectClient } from '../../campaign/temporal.js';
import { connectWorker } from '../../workers/connection.js';
import { createWorker } from '../../workers/worker.js';
import { datasetSummaryWorkflow } from '../../workflows/index.js';
import { openTestStore } from '../support/services.js';

let store: Awaited<ReturnType<typeof openTestStore>>;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

it('a worker on the real dev server runs a workflow whose activity reads imported questions from FerretDB', async () => {
  const sample = path.resolve('dataset/sample.json');
  await importDatasetFile(store.db, { file: sample, name: 'wiring' });
  const { summary } = await validateDatasetFile(sample);

  const taskQueue = `wiring-${store.settings.mongoDb}`;
  const connection = await connectWorker(store.settings);
  const worker = await createWorker({ connection, namespace: 'default', taskQueue, activities: createActivities({ db: store.db }) });
  const client = await connectClient(store.settings);
  try {
    const result = await worker.runUntil(
      client.workflow.execute(datasetSummaryWorkflow, { taskQueue, workflowId: `wiring-${Date.now()}`, args: [{ name: 'wiring' }] }),
    );
    expect(result.datasetId).toBe('wiring@1');
    expect(result.summary).toEqual(summary);
    expect(result.summary.total.questions).toBeGreaterThan(0);
  } finally {
    await client.connection.close();
    await connection.close();
  }
});
