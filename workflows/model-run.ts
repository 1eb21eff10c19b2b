import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { CampaignPlan } from '../activities/campaign-state.js';
import type { Activities } from '../activities/index.js';
import type { CategoryCode } from '../dataset/categories.js';
import { ORCHESTRATION_QUEUE } from './keys.js';
import { count, emptyProgress, percentOf } from './progress.js';
import { ProgressAttr, StatusAttr } from './search-attributes.js';
import { cancelSignal, modelProgressQuery, modelProgressSignal, pauseSignal, resumeSignal, type ModelProgress } from './signals.js';

/** What a model run takes from the campaign's plan: everything but the dataset and the list of models. */
export type RunPlan = Omit<CampaignPlan, 'datasetId' | 'models'>;

export interface ModelRunInput extends RunPlan {
  campaignId: string;
  parentWorkflowId: string;
  modelId: string;
  modelQueue: string;
  /** carried across continue-as-new */
  cursor?: number;
  progress?: ModelProgress;
  paused?: boolean;
  cancelled?: boolean;
}

/** Errors that no retry can fix; everything else is retried with backoff (or the server's Retry-After). */
const NON_RETRYABLE = ['bad_request', 'auth', 'context_too_long', 'content_filtered', 'missing_answer', 'history_missing', 'cancelled'];

const orchestration = proxyActivities<Activities>({
  taskQueue: ORCHESTRATION_QUEUE,
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * Runs one model under test over the campaign's conversations: a sliding window of conversations, each sample's
 * rounds in order (later rounds carry earlier answers as history), all judge calls of an answer in parallel.
 * Continues as new after a page of conversations so history stays small at any campaign size.
 */
export async function modelRunWorkflow(input: ModelRunInput): Promise<ModelProgress> {
  const cursor = input.cursor ?? 0;
  const progress =
    input.progress ??
    emptyProgress(input.modelId, input.questionsByCategory, { samples: input.samples, judgeCalls: input.judges.length * input.judgeRounds }, input.conversations);
  let paused = input.paused ?? false;
  let cancelled = input.cancelled ?? false;
  const setState = () => {
    progress.state = cancelled ? 'cancelling' : paused ? 'paused' : 'running';
  };
  setState();
  setHandler(pauseSignal, () => { paused = true; setState(); });
  setHandler(resumeSignal, () => { paused = false; setState(); });
  setHandler(cancelSignal, () => { cancelled = true; setState(); });
  setHandler(modelProgressQuery, () => progress);

  const callOptions = (queue: string, summary: string): ActivityOptions => ({
    taskQueue: queue,
    summary,
    // Covers waiting at the rate gate and through a pause of days: a dead worker is noticed by the heartbeat
    // timeout and a hung provider by the call's own deadline, so this bound only has to outlast a long pause.
    startToCloseTimeout: '30 days',
    heartbeatTimeout: '20 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: input.maxAttempts, nonRetryableErrorTypes: NON_RETRYABLE },
  });

  /** Waits while paused; false once cancelled (nothing new starts). */
  const admit = async (): Promise<boolean> => {
    await condition(() => !paused || cancelled);
    return !cancelled;
  };

  const failureOf = (err: unknown): { kind: string; message: string } => {
    const cause = err instanceof ActivityFailure ? err.cause : err;
    if (cause instanceof ApplicationFailure) return { kind: cause.type ?? 'error', message: cause.message };
    return { kind: (cause as Error | undefined)?.name ?? 'error', message: (cause as Error | undefined)?.message ?? String(cause) };
  };

  const judge = async (category: CategoryCode, generationKey: string, judgeId: string, queue: string, judgeRound: number) => {
    if (!(await admit())) return;
    const args = { campaignId: input.campaignId, generationKey, judgeId, judgeRound };
    try {
      const outcome = await proxyActivities<Activities>(callOptions(queue, `judge ${generationKey} by ${judgeId}, round ${judgeRound + 1}`)).judge(args);
      progress.costUsd += outcome.costUsd;
      if (outcome.cached) progress.cached += 1;
      count(progress, category, 'judgements', 'done');
    } catch (err) {
      const error = failureOf(err);
      if (error.kind === 'cancelled') return;
      await orchestration.recordJudgementFailure({ ...args, error });
      count(progress, category, 'judgements', 'failed');
    }
  };

  const runSample = async (category: CategoryCode, questionIds: string[], sample: number) => {
    const judging: Promise<void>[] = [];
    const judgeCalls = input.judges.length * input.judgeRounds;
    for (let i = 0; i < questionIds.length; i += 1) {
      if (!(await admit())) break;
      const questionId = questionIds[i]!;
      const args = { campaignId: input.campaignId, modelId: input.modelId, questionId, sample };
      try {
        const outcome = await proxyActivities<Activities>(callOptions(input.modelQueue, `generate ${questionId} sample ${sample} by ${input.modelId}`)).generate(args);
        progress.costUsd += outcome.costUsd;
        if (outcome.cached) progress.cached += 1;
        count(progress, category, 'generations', 'done');
        for (const j of input.judges) {
          for (let r = 0; r < input.judgeRounds; r += 1) judging.push(judge(category, outcome.key, j.id, j.queue, r));
        }
      } catch (err) {
        const error = failureOf(err);
        if (error.kind === 'cancelled') break;
        // later rounds need this answer as history: they fail with it, and none of these answers is judged
        for (const [k, id] of questionIds.slice(i).entries()) {
          const reason = k === 0 ? error : { kind: 'skipped', message: `round ${i + 1} failed: ${error.kind}` };
          await orchestration.recordGenerationFailure({ ...args, questionId: id, error: reason });
        }
        const lost = questionIds.length - i;
        count(progress, category, 'generations', 'failed', lost);
        count(progress, category, 'judgements', 'failed', lost * judgeCalls);
        break;
      }
    }
    await Promise.all(judging);
  };

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
  const page = cancelled ? [] : await orchestration.listConversations({ campaignId: input.campaignId, offset: cursor, limit: input.conversationsPerRun });
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  for (const conversation of page) {
    await condition(() => inFlight.size < input.window);
    if (cancelled || workflowInfo().continueAsNewSuggested) break;
    const run: Promise<void> = (async () => {
      await Promise.all(Array.from({ length: input.samples }, (_, s) => runSample(conversation.category, conversation.questionIds, s)));
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
  if (!cancelled && nextCursor < input.conversations) {
    await reportProgress();
    await continueAsNew<typeof modelRunWorkflow>({ ...input, cursor: nextCursor, progress, paused, cancelled });
  }
  progress.state = 'done';
  await reportProgress();
  return progress;
}
