import type { BatchItemOutcome, BatchItemRef } from '../campaign/batch-run.js';
import type { CallOutcome } from '../campaign/call-facts.js';
import type { BatchPlan, PlanEntry } from '../campaign/plan.js';
import type { ModelProgress } from '../campaign/progress-model.js';
import type { CategoryCode } from '../dataset/categories.js';
import { callActivities } from './activity-options.js';
import { countDone, judgementFailed, roundFailed, type ConversationScope } from './conversation.js';
import { failureOf } from './failure-of.js';

export interface BreadthFirstScope extends ConversationScope {
  /** the model under test's batch mode, when its profile batches */
  modelBatch?: BatchPlan;
  judges: PlanEntry[];
  /** realtime calls at a time (the profiles that do not batch) */
  window: number;
}

type CallResult = { ok: true; outcome: CallOutcome } | { ok: false; error: { kind: string; message: string } };

interface Conversation {
  category: CategoryCode;
  questionIds: readonly string[];
}

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Realtime activities for the items, at most `window` at a time. */
async function realtime(scope: BreadthFirstScope, queue: string, items: readonly BatchItemRef[]): Promise<CallResult[]> {
  const results: CallResult[] = new Array<CallResult>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i]!;
      const activities = callActivities(queue, item.kind === 'generate' ? `generate ${item.input.questionId} sample ${item.input.sample}` : `judge ${item.input.generationKey} by ${item.input.judgeId}`, scope.maxAttempts);
      try {
        results[i] = { ok: true, outcome: item.kind === 'generate' ? await activities.generate(item.input) : await activities.judge(item.input) };
      } catch (err) {
        results[i] = { ok: false, error: failureOf(err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(scope.window, items.length) }, worker));
  return results;
}

/**
 * One participant's calls: realtime, or as batches of at most `maxRequests` items; items that failed in a way
 * another try may fix go into the next batch (or realtime calls, `retry: realtime`), up to `maxAttempts` batches.
 */
async function runCalls(scope: BreadthFirstScope, entry: { queue: string; batch?: BatchPlan | undefined }, items: readonly BatchItemRef[]): Promise<CallResult[]> {
  const batch = entry.batch;
  if (!batch) return realtime(scope, entry.queue, items);
  const results: CallResult[] = new Array<CallResult>(items.length);
  let todo = items.map((_, i) => i);
  for (let attempt = 1; todo.length > 0; attempt += 1) {
    if (attempt > 1 && batch.retry === 'realtime') {
      const again = await realtime(scope, entry.queue, todo.map((i) => items[i]!));
      todo.forEach((i, k) => (results[i] = again[k]!));
      break;
    }
    const retry: number[] = [];
    await Promise.all(
      chunks(todo, batch.maxRequests).map(async (chunk) => {
        let outcomes: BatchItemOutcome[];
        try {
          outcomes = await callActivities(entry.queue, `batch of ${chunk.length} (attempt ${attempt})`, scope.maxAttempts).runBatch({ campaignId: scope.campaignId, items: chunk.map((i) => items[i]!), attempt });
        } catch (err) {
          const error = failureOf(err);
          for (const i of chunk) results[i] = { ok: false, error };
          return;
        }
        outcomes.forEach((o, k) => {
          const i = chunk[k]!;
          if (o.ok) results[i] = { ok: true, outcome: o };
          else if (o.retryable && attempt < scope.maxAttempts) retry.push(i);
          else results[i] = { ok: false, error: o.error };
        });
      }),
    );
    todo = retry;
  }
  return results;
}

/** Every judge judges every answer in every judging round: one batch (or realtime run) per judge. */
async function judgeAnswers(scope: BreadthFirstScope, progress: ModelProgress, answers: readonly { category: CategoryCode; key: string }[]): Promise<void> {
  await Promise.all(
    scope.judges.map(async (judge) => {
      const args = answers.flatMap((a) => Array.from({ length: scope.judgeRounds }, (_, r) => ({ category: a.category, input: { campaignId: scope.campaignId, generationKey: a.key, judgeId: judge.id, judgeRound: r } })));
      const results = await runCalls(scope, judge, args.map((a) => ({ kind: 'judge' as const, input: a.input })));
      for (const [k, result] of results.entries()) {
        const { category, input } = args[k]!;
        if (result.ok) countDone(progress, category, 'judgements', result.outcome);
        else await judgementFailed(progress, category, input, result.error);
      }
    }),
  );
}

/**
 * A model run whose model or judges batch: calls are collected across all of the model's conversations breadth-first
 * by round (every sample's first round, then every second round that has its history, …), so one batch carries a
 * whole round; the judging of a round's answers runs beside the next round's generation. Results are stored under the
 * realtime keys, so history, judging, reports, growth and resume are the same. `admit` waits out a pause (no new
 * batches) and says no once cancelled; `roundDone` reports progress.
 */
export async function runBreadthFirst(scope: BreadthFirstScope, progress: ModelProgress, admit: () => Promise<boolean>, conversations: readonly Conversation[], roundDone: () => Promise<void>): Promise<void> {
  const alive = conversations.map(() => Array.from({ length: scope.samples }, () => true));
  const rounds = Math.max(0, ...conversations.map((c) => c.questionIds.length));
  const judging: Promise<void>[] = [];
  for (let r = 0; r < rounds; r += 1) {
    if (!(await admit())) break;
    const slots = conversations.flatMap((c, ci) => (c.questionIds.length > r ? alive[ci]!.flatMap((ok, s) => (ok ? [{ ci, s }] : [])) : []));
    const refs: BatchItemRef[] = slots.map(({ ci, s }) => ({ kind: 'generate', input: { campaignId: scope.campaignId, modelId: scope.modelId, questionId: conversations[ci]!.questionIds[r]!, sample: s } }));
    const results = await runCalls(scope, { queue: scope.modelQueue, batch: scope.modelBatch }, refs);
    const answers: { category: CategoryCode; key: string }[] = [];
    for (const [k, result] of results.entries()) {
      const { ci, s } = slots[k]!;
      const conversation = conversations[ci]!;
      if (result.ok) {
        countDone(progress, conversation.category, 'generations', result.outcome);
        answers.push({ category: conversation.category, key: result.outcome.key });
      } else {
        alive[ci]![s] = false;
        await roundFailed(scope, progress, conversation.category, conversation.questionIds, r, s, result.error);
      }
    }
    judging.push(judgeAnswers(scope, progress, answers).then(roundDone));
  }
  await Promise.all(judging);
}
