import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import { collections } from '../store/collections.js';
import { cancelSignal, pauseSignal, resumeSignal } from '../workflows/messages.js';

export type ControlAction = 'pause' | 'resume' | 'cancel';

const SIGNALS = { pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal } as const;

export async function signalCampaign(client: Client, campaignId: string, action: ControlAction): Promise<void> {
  try {
    await client.workflow.getHandle(campaignId).signal(SIGNALS[action]);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new Error(`campaign ${campaignId} is not running (or does not exist)`, { cause: err });
    throw err;
  }
}

/** Changes a profile's limits while campaigns run; workers pick them up within seconds. */
export async function setProviderLimits(db: Db, profile: string, limits: RateLimits): Promise<void> {
  if (Object.keys(limits).length === 0) throw new Error('give at least one of --rpm, --tpm, --concurrency');
  await collections(db).providerLimits.updateOne({ _id: profile }, { $set: { ...limits, updatedAt: new Date() } }, { upsert: true });
}
