import { ApplicationFailure, condition, isCancellation, upsertSearchAttributes } from '@temporalio/workflow';
import type { ModelProgress } from '../campaign/progress-model.js';
import type { CampaignReportSummary } from '../campaign/report.js';
import { orchestrationActivities } from './activity-options.js';
import { installCampaignHandlers, type CampaignState } from './campaign-handlers.js';
import { failureOf } from './failure-of.js';
import type { RejudgeRequest } from './messages.js';
import { generateAndJudge } from './phases/generate-and-judge.js';
import { queueRefinement, runRefinements } from './phases/refine.js';
import { report } from './phases/report.js';
import { review } from './phases/review.js';
import { CampaignIdAttr, DatasetAttr, ProgressAttr, StatusAttr } from './search-attributes.js';

export interface CampaignInput {
  campaignId: string;
  datasetName: string;
  /**
   * `rejudge`: a finished campaign runs again under its id only to re-judge the refinements given (and any asked
   * for meanwhile), then report; nothing is generated again and no second review is opened.
   */
  mode?: 'campaign' | 'rejudge';
  refinements?: RejudgeRequest[];
  /** rejudge mode: the previous run's model progress, so status still shows what the campaign generated and judged */
  models?: ModelProgress[];
}

export interface CampaignResult {
  campaignId: string;
  status: 'completed' | 'cancelled';
  report: CampaignReportSummary;
  models: ModelProgress[];
  /** refinements of this run that failed, with why */
  refinementErrors?: string[];
}

/**
 * One campaign, in the method's phases: generate and judge every answer, review (when the config has a review section), report. A campaign
 * that cannot go on (its dataset or settings are gone, say) is marked failed with the reason before it ends.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignResult> {
  const state: CampaignState = {
    campaignId: input.campaignId,
    phase: input.mode === 'rejudge' ? 'refine' : 'generate-and-judge',
    paused: false,
    cancelled: false,
    extendRequested: false,
    progress: new Map(),
    children: [],
    refinements: [],
    refinementErrors: [],
  };
  for (const r of input.refinements ?? []) queueRefinement(state, r);
  for (const m of input.models ?? []) state.progress.set(m.modelId, m);
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
    void runRefinements(state);
    if (input.mode !== 'rejudge') {
      await generateAndJudge(state, input.datasetName);
      await review(state);
    }
    // a refinement asked for while the report was written is run and reported too; growth asked for after the
    // first phase (during the review, or while only re-judging) runs its pass before the report
    let outcome: Awaited<ReturnType<typeof report>>;
    const grow = () => state.extendRequested && !state.cancelled;
    do {
      if (state.refinements.length > 0) state.phase = 'refine';
      await condition(() => state.refinements.length === 0);
      if (grow()) await generateAndJudge(state, input.datasetName);
      outcome = await report(state);
    } while (state.refinements.length > 0 || grow());
    return { campaignId: input.campaignId, status: outcome.status, report: outcome.report, models: [...state.progress.values()], ...(state.refinementErrors.length > 0 ? { refinementErrors: state.refinementErrors } : {}) };
  } catch (err) {
    if (isCancellation(err)) throw err;
    const { kind, message } = failureOf(err);
    const error = `${state.phase}: ${kind}: ${message}`;
    upsertSearchAttributes([{ key: StatusAttr, value: 'failed' }]);
    await activities.setCampaignStatus({ campaignId: input.campaignId, status: 'failed', error }).catch(() => undefined);
    throw ApplicationFailure.nonRetryable(error, kind);
  }
}
