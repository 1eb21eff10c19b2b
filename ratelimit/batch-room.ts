/** The limits of a batching profile: batches open at a time, and estimated input tokens enqueued in them. */
export interface BatchLimits {
  maxOpenBatches: number;
  maxEnqueuedTokens?: number | undefined;
}

export type BatchRoom = { room: true } | { room: false; reason: string } | { never: string };

/**
 * Whether a batch of `tokens` estimated input tokens may be submitted beside the profile's `open` batches (each by
 * its estimated tokens). `never`: the batch alone is over the token limit, so no amount of waiting makes room.
 */
export function batchRoom(open: readonly number[], tokens: number, limits: BatchLimits): BatchRoom {
  const max = limits.maxEnqueuedTokens;
  if (max !== undefined && tokens > max) return { never: `the batch's ${tokens} estimated input tokens exceed maxEnqueuedTokens (${max})` };
  if (open.length >= limits.maxOpenBatches) return { room: false, reason: `${open.length} open batches (maxOpenBatches ${limits.maxOpenBatches})` };
  const enqueued = open.reduce((n, t) => n + t, 0);
  if (max !== undefined && enqueued + tokens > max) return { room: false, reason: `${enqueued} tokens enqueued, ${tokens} more would exceed maxEnqueuedTokens (${max})` };
  return { room: true };
}
