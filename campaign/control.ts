import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import { checkId } from '../config/ids.js';
import { collections } from '../store/collections.js';
import { cancelSignal, pauseSignal, resumeSignal } from '../workflows/messages.js';

export type ControlAction = 'pause' | 'resume' | 'cancel';

const SIGNALS = { pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal } as const;

export async function signalCampaign(client: Client, campaignId: string, action: ControlAction): Promise<void> {
  try {
    await client.workflow.getHandle(checkId('campaign id', campaignId)).signal(SIGNALS[action]);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new Error(`campaign ${campaignId} is not running (or does not exist)`, { cause: err });
    throw err;
  }
}

/**
 * Changes a profile's limits while campaigns run; workers pick them up within seconds. The profile must be one a
 * campaign runs with or one of `alsoKnown` (the profiles file's names): a typo would otherwise limit nothing.
 */
export async function setProviderLimits(db: Db, profile: string, limits: RateLimits, alsoKnown: readonly string[] = []): Promise<void> {
  if (Object.keys(limits).length === 0) throw new Error('give at least one of --rpm, --tpm, --concurrency');
  const inCampaigns = (await collections(db).campaigns.find({}, { projection: { profiles: 1 } }).toArray()).flatMap((c) => Object.keys(c.profiles ?? {}));
  const known = new Set([...inCampaigns, ...alsoKnown]);
  if (!known.has(profile)) {
    throw new Error(`no profile named ${JSON.stringify(profile)} in the profiles file or any campaign (known: ${[...known].sort().join(', ') || 'none'})`);
  }
  await collections(db).providerLimits.updateOne({ _id: profile }, { $set: { ...limits, updatedAt: new Date() } }, { upsert: true });
}
