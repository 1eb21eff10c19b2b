/**
 * How Temporal retries a paid call that failed transiently, shared by the workflows (which set the policy) and the
 * activities (which log when the next attempt comes). A server's Retry-After replaces the backoff for that attempt.
 */
export const CALL_RETRY = { initialIntervalMs: 1_000, backoffCoefficient: 2, maximumIntervalMs: 60_000 } as const;

/** The delay before the attempt after `attempt` (1-based), as Temporal computes it from the policy. */
export function nextRetryDelayMs(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return Math.min(CALL_RETRY.initialIntervalMs * CALL_RETRY.backoffCoefficient ** (attempt - 1), CALL_RETRY.maximumIntervalMs);
}
