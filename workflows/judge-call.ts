import type { JudgeInput } from '../campaign/judge.js';
import { callActivities, orchestrationActivities } from './activity-options.js';
import { failureOf } from './failure-of.js';

export type JudgeCallResult = { outcome: 'done'; costUsd: number; cached: boolean } | { outcome: 'failed' } | { outcome: 'cancelled' };

/**
 * One judge call on its judge's queue: a failure that retries could not fix is stored as the judgement's failure
 * (under the same key, so it is reported, never lost); a cancelled call is neither.
 */
export async function judgeCall(input: JudgeInput, queue: string, maxAttempts: number): Promise<JudgeCallResult> {
  const round = `round ${input.judgeRound + 1}${input.refinementId ? `, ${input.refinementId}` : ''}`;
  try {
    const outcome = await callActivities(queue, `judge ${input.generationKey} by ${input.judgeId}, ${round}`, maxAttempts).judge(input);
    return { outcome: 'done', costUsd: outcome.costUsd, cached: outcome.cached };
  } catch (err) {
    const error = failureOf(err);
    if (error.kind === 'cancelled') return { outcome: 'cancelled' };
    await orchestrationActivities().recordJudgementFailure({ ...input, error });
    return { outcome: 'failed' };
  }
}
