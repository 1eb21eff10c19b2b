import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { CampaignStatus } from '../store/campaign-docs.js';
import { CampaignFailure } from './failures.js';

const STATUS_CACHE_MS = 1_000;

/**
 * The campaign's run state as the call steps see it. Pausing must stop calls that Temporal already handed to a
 * worker, not only ones the workflow has yet to schedule, so call activities check it right before calling.
 */
export class RunControl {
  private readonly cache = new Map<string, { status: CampaignStatus; at: number }>();

  constructor(private readonly db: Db) {}

  async status(campaignId: string): Promise<CampaignStatus> {
    const hit = this.cache.get(campaignId);
    if (hit && Date.now() - hit.at < STATUS_CACHE_MS) return hit.status;
    const doc = await collections(this.db).campaigns.findOne({ _id: campaignId }, { projection: { status: 1 } });
    const status = doc?.status ?? 'running';
    this.cache.set(campaignId, { status, at: Date.now() });
    return status;
  }

  async waitWhilePaused(campaignId: string, signal: AbortSignal, onWait: () => void): Promise<void> {
    for (;;) {
      const status = await this.status(campaignId);
      if (status === 'cancelled') throw new CampaignFailure('cancelled', 'campaign cancelled before this call started');
      if (status !== 'paused') return;
      onWait();
      await sleep(STATUS_CACHE_MS, undefined, { signal });
    }
  }
}
