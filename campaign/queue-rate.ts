import type { WorkflowService } from '@temporalio/client';
// a CommonJS package: Node's ESM loader offers only its default export
import proto from '@temporalio/proto';
import type { Db } from 'mongodb';
import { queueRatePerSecond, type BudgetState } from '../ratelimit/shared-budget.js';
import { collections } from '../store/collections.js';
import { VersionChain } from '../store/version-chain.js';
import { activeLimits } from './active-campaigns.js';
import { providerQueue } from './keys.js';

const { temporal } = proto;

/** Sets (a number) or removes (undefined) the server-side dispatch rate of a profile's task queue. */
export type QueueRateSetter = (profile: string, perSecond: number | undefined) => Promise<void>;

/**
 * The Temporal server's own rate limit on a profile's activity queue (UpdateTaskQueueConfig, what `temporal
 * task-queue config set --queue-rps-limit` sends): it holds across every worker polling the queue, on every
 * machine, and overrides any worker's `maxTaskQueueActivitiesPerSecond`. Idempotent.
 */
export function queueRateSetter(service: Pick<WorkflowService, 'updateTaskQueueConfig'>, namespace: string, identity: string): QueueRateSetter {
  return async (profile, perSecond) => {
    await service.updateTaskQueueConfig({
      namespace,
      identity,
      taskQueue: providerQueue(profile),
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      updateQueueRateLimit: perSecond === undefined ? { reason: 'medeval: no requests-per-minute limit' } : { rateLimit: { requestsPerSecond: perSecond }, reason: 'medeval: profile budget' },
    });
  };
}

/** The budget's chain key for a profile (its versions are `<key>/v<n>` in `rate_budgets`). */
export const budgetKey = (profile: string) => `budget/${profile}`;

export const budgetChain = (db: Db) => new VersionChain<BudgetState>(collections(db).rateBudgets);

/**
 * Applies a profile's current limits to its queue now: the lowest of the active campaigns' limits, the live ones
 * replacing them, times the shared AIMD share. Campaign start calls it so the queue is limited before the first
 * activity is dispatched; workers call it before they poll and whenever the limits or the share change.
 */
export async function applyQueueRate(db: Db, setter: QueueRateSetter, profile: string): Promise<number | undefined> {
  const [limits, budget] = await Promise.all([activeLimits(db, profile), budgetChain(db).latest(budgetKey(profile))]);
  const rate = queueRatePerSecond(limits, budget.state);
  await setter(profile, rate);
  return rate;
}
