import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { summarizeDataset } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Reads an imported dataset's summary through an activity: the smallest end-to-end proof of the wiring. */
export async function datasetSummaryWorkflow(input: { name: string; version?: number }) {
  return summarizeDataset(input);
}
