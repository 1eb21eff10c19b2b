import type { CampaignPlan } from '../campaign/plan.js';
import { count, type ModelProgress } from '../campaign/progress-model.js';
import type { CategoryCode } from '../dataset/categories.js';
import type { JudgeInput } from '../campaign/judge.js';
import { callActivities, orchestrationActivities } from './activity-options.js';
import { failureOf } from './failure-of.js';
import { judgeCall } from './judge-call.js';

export interface ConversationScope {
  campaignId: string;
  modelId: string;
  modelQueue: string;
  judges: CampaignPlan['judges'];
  samples: number;
  judgeRounds: number;
  maxAttempts: number;
}

/** A call's result, paid now or found stored, counted. */
export function countDone(progress: ModelProgress, category: CategoryCode, kind: 'generations' | 'judgements', outcome: { costUsd: number; cached: boolean }): void {
  progress.costUsd += outcome.costUsd;
  if (outcome.cached) progress.cached += 1;
  count(progress, category, kind, 'done');
}

/** A judgement a batch could not make, recorded with why (a cancelled campaign's calls are not failures). */
export async function judgementFailed(progress: ModelProgress, category: CategoryCode, args: JudgeInput, error: { kind: string; message: string }): Promise<void> {
  if (error.kind === 'cancelled') return;
  await orchestrationActivities().recordJudgementFailure({ ...args, error });
  count(progress, category, 'judgements', 'failed');
}

/**
 * Round i of a sampled conversation failed: the later rounds need its answer as history, so they are never
 * attempted, and none of these answers is judged. Nothing is recorded for a cancelled campaign's calls.
 */
export async function roundFailed(
  scope: Pick<ConversationScope, 'campaignId' | 'modelId' | 'judges' | 'judgeRounds'>,
  progress: ModelProgress,
  category: CategoryCode,
  questionIds: readonly string[],
  i: number,
  sample: number,
  error: { kind: string; message: string },
): Promise<void> {
  if (error.kind === 'cancelled') return;
  for (const [k, id] of questionIds.slice(i).entries()) {
    const reason = k === 0 ? error : { kind: 'skipped', message: `round ${i + 1} failed: ${error.kind}` };
    await orchestrationActivities().recordGenerationFailure({ campaignId: scope.campaignId, modelId: scope.modelId, questionId: id, sample, error: reason });
  }
  const lost = questionIds.length - i;
  count(progress, category, 'generations', 'failed');
  count(progress, category, 'generations', 'skipped', lost - 1);
  count(progress, category, 'judgements', 'skipped', lost * scope.judges.length * scope.judgeRounds);
}

/**
 * The method's two paid steps for one conversation of one model: each sample's rounds are generated in order
 * (later rounds take earlier answers as history), and every answer is judged by every judge in every judging
 * round, in parallel with the next round's generation. `admit` waits out a pause and says no once cancelled.
 */
export function conversationRunner(scope: ConversationScope, progress: ModelProgress, admit: () => Promise<boolean>) {
  const judge = async (category: CategoryCode, generationKey: string, judge: { id: string; queue: string }, judgeRound: number) => {
    if (!(await admit())) return;
    const result = await judgeCall({ campaignId: scope.campaignId, generationKey, judgeId: judge.id, judgeRound }, judge.queue, scope.maxAttempts);
    if (result.outcome === 'cancelled') return;
    if (result.outcome === 'failed') {
      count(progress, category, 'judgements', 'failed');
      return;
    }
    countDone(progress, category, 'judgements', result);
  };

  const runSample = async (category: CategoryCode, questionIds: readonly string[], sample: number) => {
    const judging: Promise<void>[] = [];
    for (let i = 0; i < questionIds.length; i += 1) {
      if (!(await admit())) break;
      const args = { campaignId: scope.campaignId, modelId: scope.modelId, questionId: questionIds[i]!, sample };
      try {
        const outcome = await callActivities(scope.modelQueue, `generate ${args.questionId} sample ${sample} by ${scope.modelId}`, scope.maxAttempts).generate(args);
        countDone(progress, category, 'generations', outcome);
        for (const j of scope.judges) for (let r = 0; r < scope.judgeRounds; r += 1) judging.push(judge(category, outcome.key, j, r));
      } catch (err) {
        await roundFailed(scope, progress, category, questionIds, i, sample, failureOf(err));
        break;
      }
    }
    await Promise.all(judging);
  };

  return async (conversation: { category: CategoryCode; questionIds: readonly string[] }) => {
    await Promise.all(Array.from({ length: scope.samples }, (_, s) => runSample(conversation.category, conversation.questionIds, s)));
  };
}
