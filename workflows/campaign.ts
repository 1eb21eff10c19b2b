import { ApplicationFailure, isCancellation, upsertSearchAttributes } from '@temporalio/workflow';
import type { ModelProgress } from '../campaign/progress-model.js';
import type { CampaignReportSummary } from '../campaign/report.js';
import { orchestrationActivities } from './activity-options.js';
import { installCampaignHandlers, type CampaignState } from './campaign-handlers.js';
import { failureOf } from './failure-of.js';
import { generateAndJudge } from './phases/generate-and-judge.js';
import { report } from './phases/report.js';
import { review } from './phases/review.js';
import { CampaignIdAttr, DatasetAttr, ProgressAttr, StatusAttr } from './search-attributes.js';

export interface CampaignInput {
  campaignId: string;
  datasetName: string;
}

export interface CampaignResult {
  campaignId: string;
  status: 'completed' | 'cancelled';
  report: CampaignReportSummary;
  models: ModelProgress[];
}

/**
 * One campaign, in the method's phases: generate and judge every answer, review (when the config has a review section), report. A campaign
 * that cannot go on (its dataset or settings are gone, say) is marked failed with the reason before it ends.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignResult> {
  const state: CampaignState = { campaignId: input.campaignId, phase: 'generate-and-judge', paused: false, cancelled: false, extendRequested: false, progress: new Map(), children: [] };
  // eslint-disable-next-line no-restricted-properties -- the sandbox's Date is this workflow task's time (replay-safe)
  installCampaignHandlers(state, Date.now());
  const activities = orchestrationActivities();
  upsertSearchAttributes([
    { key: CampaignIdAttr, value: input.campaignId },
    { key: DatasetAttr, value: input.datasetName },
    { key: StatusAttr, value: 'running' },
    { key: ProgressAttr, value: 0 },
  ]);
  try {
    await activities.setCampaignStatus({ campaignId: input.campaignId, status: 'running' });
    await generateAndJudge(state, input.datasetName);
    await review(state);
    const { status, report: summary } = await report(state);
    return { campaignId: input.campaignId, status, report: summary, models: [...state.progress.values()] };
  } catch (err) {
    if (isCancellation(err)) throw err;
    const { kind, message } = failureOf(err);
    const error = `${state.phase}: ${kind}: ${message}`;
    upsertSearchAttributes([{ key: StatusAttr, value: 'failed' }]);
    await activities.setCampaignStatus({ campaignId: input.campaignId, status: 'failed', error }).catch(() => undefined);
    throw ApplicationFailure.nonRetryable(error, kind);
  }
}
