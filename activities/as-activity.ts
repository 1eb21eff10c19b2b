import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { Context, log } from '@temporalio/activity';
import { CampaignFailure } from '../campaign/failures.js';
import type { CallContext, CallObservation } from '../campaign/paid-call.js';
import { nextRetryDelayMs } from '../campaign/retry-policy.js';
import { ProviderError } from '../providers/errors.js';

/** Where a worker counts its paid calls (`medeval worker --metrics-port`); absent, nothing is counted. */
export interface CallMetrics {
  call(kind: 'generate' | 'judge', call: CallObservation): void;
  /** from the attempt's scheduling to its start: how long calls queue for a worker */
  scheduleToStart(queue: string, ms: number): void;
}

/** The running activity as the service layer's steps see it: liveness and cancellation, and metrics when kept. */
export function callContext(metrics?: CallMetrics, kind?: 'generate' | 'judge'): CallContext {
  const ctx = Context.current();
  if (!metrics || !kind) return { heartbeat: () => ctx.heartbeat(), signal: ctx.cancellationSignal };
  metrics.scheduleToStart(ctx.info.taskQueue, Math.max(0, Date.now() - ctx.info.currentAttemptScheduledTimestampMs));
  return { heartbeat: () => ctx.heartbeat(), signal: ctx.cancellationSignal, observe: (call) => metrics.call(kind, call) };
}

/**
 * A failure from the service layer as Temporal sees it: the failure's kind as the ApplicationFailure type (the
 * workflows' non-retryable list is made of these kinds), and a server's Retry-After as the next delay. Expected
 * provider failures are "benign", so the SDK does not print a stack trace for each; instead each retried one is
 * logged here as one line with its kind, key, attempt and the delay before the next attempt.
 */
export function toApplicationFailure(error: unknown, key: string | undefined): unknown {
  let err = error;
  const { cancellationSignal, cancellationDetails } = Context.current();
  // aborted by the worker, not by the campaign (which cancels through the store): the call is retried elsewhere,
  // never counted as a cancelled campaign's call
  if (cancellationSignal.aborted && !cancellationDetails?.cancelRequested && !(err instanceof CampaignFailure && err.kind === 'cancelled')) {
    err = new CampaignFailure('interrupted', `${key ?? Context.current().info.activityType} interrupted: ${cancellationDetails?.workerShutdown ? 'worker shut down' : 'activity cancelled by Temporal'}`);
  }
  if (!(err instanceof ProviderError) && !(err instanceof CampaignFailure)) return err;
  const retryAfterMs = err.retryAfterMs;
  const { attempt } = Context.current().info;
  if (err.retryable) log.info(`retrying ${key ?? Context.current().info.activityType}: ${err.kind} (attempt ${attempt}, next in ${(nextRetryDelayMs(attempt, retryAfterMs) / 1000).toFixed(1)} s)`);
  return ApplicationFailure.create({
    message: err.message,
    type: err.kind,
    nonRetryable: !err.retryable,
    category: ApplicationFailureCategory.BENIGN,
    ...(retryAfterMs !== undefined ? { nextRetryDelay: retryAfterMs } : {}),
  });
}

/** Runs a service-layer step as an activity body, translating its failures. */
export async function asActivity<T>(key: string | undefined, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw toApplicationFailure(err, key);
  }
}
