import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import { checkId } from '../config/ids.js';
import { collections } from '../store/collections.js';
import { liveLimits } from './active-campaigns.js';
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

/** The limits `campaign limits` names on the command line, and the field each sets. */
export const LIVE_LIMIT_FIELDS = { rpm: 'requestsPerMinute', tpm: 'tokensPerMinute', concurrency: 'maxConcurrency' } as const satisfies Record<string, keyof RateLimits>;
export type LiveLimitName = keyof typeof LIVE_LIMIT_FIELDS;

/**
 * Changes a profile's live limits while campaigns run; workers pick them up within seconds. `clear` removes live
 * values, so the profile's and the campaigns' own apply again. The profile must be one a campaign runs with or one
 * of `alsoKnown` (the profiles file's names): a typo would otherwise limit nothing. Returns the live limits now.
 */
export async function setProviderLimits(db: Db, profile: string, limits: RateLimits, alsoKnown: readonly string[] = [], clear: readonly LiveLimitName[] = []): Promise<RateLimits> {
  if (Object.keys(limits).length === 0 && clear.length === 0) throw new Error('give at least one of --rpm, --tpm, --concurrency, --clear');
  const cleared = clear.map((name) => LIVE_LIMIT_FIELDS[name]);
  const both = cleared.filter((field) => field in limits);
  if (both.length > 0) throw new Error(`${both.join(', ')}: both set and cleared; give one or the other`);
  const inCampaigns = (await collections(db).campaigns.find({}, { projection: { profiles: 1 } }).toArray()).flatMap((c) => Object.keys(c.profiles ?? {}));
  const known = new Set([...inCampaigns, ...alsoKnown]);
  if (!known.has(profile)) {
    throw new Error(`no profile named ${JSON.stringify(profile)} in the profiles file or any campaign (known: ${[...known].sort().join(', ') || 'none'})`);
  }
  const { providerLimits } = collections(db);
  await providerLimits.updateOne(
    { _id: profile },
    { $set: { ...limits, updatedAt: new Date() }, ...(cleared.length > 0 ? { $unset: Object.fromEntries(cleared.map((field) => [field, ''])) } : {}) },
    { upsert: true },
  );
  return liveLimits(await providerLimits.findOne({ _id: profile }));
}
