import type { BatchState } from '../providers/contract.js';

/**
 * One provider batch of a campaign, stored BEFORE it is submitted: its items (call key, custom_id) are what makes a
 * crash at any moment safe. `submitting`: the provider may or may not have the batch (find it before submitting
 * again); `submitted`: the provider's id is known; `done`: every answered item is stored.
 */
export interface BatchDoc {
  /** `<campaign>/batch/<profile>/<hash of the item keys>`: the same items are the same record after any retry */
  _id: string;
  campaignId: string;
  profile: string;
  status: 'submitting' | 'submitted' | 'done';
  items: { key: string; customId: string }[];
  batchId?: string;
  /** the provider's last state, and counts, as polled */
  state?: BatchState;
  counts?: { done: number; failed: number; total: number };
  /** set once the batch was cancelled at the provider (campaign cancelled, or maxWaitSeconds passed) */
  cancelRequestedAt?: Date;
  createdAt: Date;
  submittedAt?: Date;
  endedAt?: Date;
}

/** Which batch a call key was sent in (`_id` is the key): a key is in at most one open batch at a time. */
export interface BatchKeyDoc {
  _id: string;
  recordId: string;
}

/** A provider batch id known to the store (`_id`), so reconciliation never adopts one batch for two records. */
export interface ProviderBatchDoc {
  _id: string;
  recordId: string;
}
