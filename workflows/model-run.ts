import { condition, continueAsNew, getExternalWorkflowHandle, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { BatchPlan, CampaignPlan } from '../campaign/plan.js';
import { emptyProgress, percentOf, type ModelProgress } from '../campaign/progress-model.js';
import { pagesBefore, reportPageCount } from '../campaign/keys.js';
import { orchestrationActivities } from './activity-options.js';
import { runBreadthFirst } from './breadth-first.js';
import { conversationRunner } from './conversation.js';
import { modelProgressQuery, modelProgressSignal } from './messages.js';
import { installRunControl } from './run-control.js';
import { ProgressAttr, StatusAttr } from './search-attributes.js';

/** What a model run takes from the campaign's plan: everything but the dataset and the list of models. */
export type RunPlan = Omit<CampaignPlan, 'datasetId' | 'models'>;

export interface ModelRunInput extends RunPlan {
  campaignId: string;
  parentWorkflowId: string;
  modelId: string;
  modelQueue: string;
  /** the model under test's batch mode, when its profile batches */
  modelBatch?: BatchPlan;
  /** carried across continue-as-new */
  cursor?: number;
  /** report pages folded so far (pages below this one) */
  pagesFolded?: number;
  progress?: ModelProgress;
  paused?: boolean;
  cancelled?: boolean;
}

/** Folds the model's report pages [from, to), one small activity each. */
async function foldReportPages(input: ModelRunInput, from: number, to: number): Promise<void> {
  for (let page = from; page < to; page += 1) await orchestrationActivities().foldReportPage({ campaignId: input.campaignId, modelId: input.modelId, page });
}

/**
 * Runs one model under test over the campaign's conversations: a sliding window of conversations, each run by
 * `conversationRunner` (generate, then judge). Continues as new after a page of conversations, or when Temporal
 * suggests it, so history stays small at any campaign size.
 */
export async function modelRunWorkflow(input: ModelRunInput): Promise<ModelProgress> {
  const cursor = input.cursor ?? 0;
  const progress = input.progress ?? emptyProgress(input.modelId, input.questionsByCategory, { samples: input.samples, judgeCalls: input.judges.length * input.judgeRounds }, input.conversations);

  // handlers: pause, resume and cancel from the campaign; the progress query for the UI
  const control = installRunControl(input, (state) => (progress.state = state));
  setHandler(modelProgressQuery, () => progress);

  /** Waits while paused; false once cancelled (nothing new starts). */
  const admit = async (): Promise<boolean> => {
    await condition(() => !control.paused || control.cancelled);
    return !control.cancelled;
  };
  const runConversation = conversationRunner(input, progress, admit);

  const reportProgress = async () => {
    upsertSearchAttributes([
      { key: ProgressAttr, value: Math.round(percentOf([progress]) * 10) / 10 },
      { key: StatusAttr, value: progress.state },
    ]);
    await getExternalWorkflowHandle(input.parentWorkflowId).signal(modelProgressSignal, progress);
  };

  // Progress reaches the campaign each time another whole percent of this model's calls is finished (and at each
  // continue-as-new and the end), not every few conversations: every signal adds about five events to the campaign
  // workflow's history, which would otherwise grow with the dataset (1,750 events at 20,000 judgements).
  let reportedPercent = Math.floor(percentOf([progress]));
  if (input.modelBatch || input.judges.some((j) => j.batch)) {
    // batch mode: the whole model run breadth-first by round, never paged (its history grows with batches, not calls)
    const all = control.cancelled ? [] : await orchestrationActivities().listConversations({ campaignId: input.campaignId, offset: 0, limit: input.conversations });
    await runBreadthFirst(input, progress, admit, all, reportProgress);
    if (!control.cancelled) await foldReportPages(input, 0, reportPageCount(input.conversations));
    progress.conversationsDone = all.length;
    progress.state = 'done';
    await reportProgress();
    return progress;
  }
  const page = control.cancelled ? [] : await orchestrationActivities().listConversations({ campaignId: input.campaignId, offset: cursor, limit: input.conversationsPerRun });
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  for (const conversation of page) {
    await condition(() => inFlight.size < input.window);
    if (control.cancelled || workflowInfo().continueAsNewSuggested) break;
    const run: Promise<void> = (async () => {
      await runConversation(conversation);
      progress.conversationsDone += 1;
      const percent = Math.floor(percentOf([progress]));
      if (percent > reportedPercent) {
        reportedPercent = percent;
        await reportProgress();
      }
    })().finally(() => inFlight.delete(run));
    inFlight.add(run);
    next += 1;
  }
  await Promise.all(inFlight);

  const nextCursor = cursor + next;
  // every conversation before nextCursor is finished: the report pages they fill are folded (the last, partly
  // filled one at the end), one activity each, before a cancelled run's pages would be (a report folds those)
  const pagesFolded = control.cancelled ? (input.pagesFolded ?? 0) : nextCursor < input.conversations ? pagesBefore(nextCursor) : reportPageCount(input.conversations);
  if (!control.cancelled) await foldReportPages(input, input.pagesFolded ?? 0, pagesFolded);
  if (!control.cancelled && nextCursor < input.conversations) {
    await reportProgress();
    await continueAsNew<typeof modelRunWorkflow>({ ...input, cursor: nextCursor, pagesFolded, progress, paused: control.paused, cancelled: control.cancelled });
  }
  progress.state = 'done';
  await reportProgress();
  return progress;
}
