import { describe, expect, it } from 'vitest';
import { batchRoom } from '../../../ratelimit/batch-room.js';

describe('batchRoom', () => {
  it('admits a batch while fewer than maxOpenBatches are open and no token limit is set', () => {
    expect(batchRoom([], 1_000_000, { maxOpenBatches: 1 })).toEqual({ room: true });
    expect(batchRoom([5, 5], 10, { maxOpenBatches: 3 })).toEqual({ room: true });
  });

  it('refuses room at maxOpenBatches open batches', () => {
    expect(batchRoom([5], 10, { maxOpenBatches: 1 })).toEqual({ room: false, reason: '1 open batches (maxOpenBatches 1)' });
    expect(batchRoom([1, 1, 1], 1, { maxOpenBatches: 2 })).toMatchObject({ room: false });
  });

  it('counts the enqueued tokens of the open batches and the new one against maxEnqueuedTokens, up to the limit itself', () => {
    expect(batchRoom([400, 300], 300, { maxOpenBatches: 10, maxEnqueuedTokens: 1_000 })).toEqual({ room: true });
    expect(batchRoom([400, 300], 301, { maxOpenBatches: 10, maxEnqueuedTokens: 1_000 })).toEqual({
      room: false,
      reason: '700 tokens enqueued, 301 more would exceed maxEnqueuedTokens (1000)',
    });
  });

  it('says never for a batch larger than maxEnqueuedTokens on its own, whatever is open', () => {
    expect(batchRoom([], 1_001, { maxOpenBatches: 10, maxEnqueuedTokens: 1_000 })).toEqual({ never: "the batch's 1001 estimated input tokens exceed maxEnqueuedTokens (1000)" });
    expect(batchRoom([5], 1_001, { maxOpenBatches: 1, maxEnqueuedTokens: 1_000 })).toMatchObject({ never: expect.any(String) });
  });
});
