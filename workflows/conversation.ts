import type { CampaignPlan } from '../campaign/plan.js';
import { count, type ModelProgress } from '../campaign/progress-model.js';
import type { CategoryCode } from '../dataset/categories.js';
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

/**
 * The method's two paid steps for one conversation of one model: each sample's rounds are generated in order
 * (later rounds take earlier answers as history), and every answer is judged by every judge in every judging
 * round, in parallel with the next round's generation. `admit` waits out a pause and says no once cancelled.
 */
export function conversationRunner(scope: ConversationScope, progress: ModelProgress, admit: () => Promise<boolean>) {
  const orchestration = orchestrationActivities();
  const judgeCalls = scope.judges.length * scope.judgeRounds;

  const judge = async (category: CategoryCode, generationKey: string, judge: { id: string; queue: string }, judgeRound: number) => {
    if (!(await admit())) return;
    const result = await judgeCall({ campaignId: scope.campaignId, generationKey, judgeId: judge.id, judgeRound }, judge.queue, scope.maxAttempts);
    if (result.outcome === 'cancelled') return;
    if (result.outcome === 'failed') {
      count(progress, category, 'judgements', 'failed');
      return;
    }
    progress.costUsd += result.costUsd;
    if (result.cached) progress.cached += 1;
    count(progress, category, 'judgements', 'done');
  };

  const runSample = async (category: CategoryCode, questionIds: readonly string[], sample: number) => {
    const judging: Promise<void>[] = [];
    for (let i = 0; i < questionIds.length; i += 1) {
      if (!(await admit())) break;
      const args = { campaignId: scope.campaignId, modelId: scope.modelId, questionId: questionIds[i]!, sample };
      try {
        const outcome = await callActivities(scope.modelQueue, `generate ${args.questionId} sample ${sample} by ${scope.modelId}`, scope.maxAttempts).generate(args);
        progress.costUsd += outcome.costUsd;
        if (outcome.cached) progress.cached += 1;
        count(progress, category, 'generations', 'done');
        for (const j of scope.judges) for (let r = 0; r < scope.judgeRounds; r += 1) judging.push(judge(category, outcome.key, j, r));
      } catch (err) {
        const error = failureOf(err);
        if (error.kind === 'cancelled') break;
        // this round failed; the later rounds need its answer as history, so they are never attempted, and none
        // of these answers is judged
        for (const [k, id] of questionIds.slice(i).entries()) {
          const reason = k === 0 ? error : { kind: 'skipped', message: `round ${i + 1} failed: ${error.kind}` };
          await orchestration.recordGenerationFailure({ ...args, questionId: id, error: reason });
        }
        const lost = questionIds.length - i;
        count(progress, category, 'generations', 'failed');
        count(progress, category, 'generations', 'skipped', lost - 1);
        count(progress, category, 'judgements', 'skipped', lost * judgeCalls);
        break;
      }
    }
    await Promise.all(judging);
  };

  return async (conversation: { category: CategoryCode; questionIds: readonly string[] }) => {
    await Promise.all(Array.from({ length: scope.samples }, (_, s) => runSample(conversation.category, conversation.questionIds, s)));
  };
}
