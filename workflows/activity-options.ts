import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { NON_RETRYABLE_KINDS } from '../campaign/failures.js';
import { ORCHESTRATION_QUEUE } from '../campaign/keys.js';
import { CALL_RETRY } from '../campaign/retry-policy.js';

/** Retries of bookkeeping activities: enough to ride out a store restart of minutes, not forever. */
const ORCHESTRATION_ATTEMPTS = 12;

/** The bookkeeping activities (plan, status, failure records, report), on the orchestration queue. */
export function orchestrationActivities(startToCloseTimeout: ActivityOptions['startToCloseTimeout'] = '2 minutes') {
  return proxyActivities<Activities>({
    taskQueue: ORCHESTRATION_QUEUE,
    startToCloseTimeout,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: ORCHESTRATION_ATTEMPTS, nonRetryableErrorTypes: [...NON_RETRYABLE_KINDS] },
  });
}

/**
 * A paid call (generate or judge) on its provider profile's queue. The timeout covers waiting at the rate gate
 * and through a pause of days: a dead worker is noticed by the heartbeat timeout and a hung provider by the call's
 * own deadline, so this bound only has to outlast a long pause.
 */
export function callActivities(queue: string, summary: string, maxAttempts: number) {
  return proxyActivities<Activities>({
    taskQueue: queue,
    summary,
    startToCloseTimeout: '30 days',
    heartbeatTimeout: '20 seconds',
    retry: {
      initialInterval: CALL_RETRY.initialIntervalMs,
      backoffCoefficient: CALL_RETRY.backoffCoefficient,
      maximumInterval: CALL_RETRY.maximumIntervalMs,
      maximumAttempts: maxAttempts,
      nonRetryableErrorTypes: [...NON_RETRYABLE_KINDS],
    },
  });
}
