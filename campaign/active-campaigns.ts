import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import type { ProviderLimitsDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { campaignLimitsByProfile, profilesOfCampaigns } from './queue-slots.js';

/** Statuses of campaigns that may still make calls. */
export const ACTIVE_STATUSES = ['running', 'paused'] as const;

function activeCampaigns(db: Db) {
  return collections(db)
    .campaigns.find({ status: { $in: [...ACTIVE_STATUSES] } }, { projection: { profiles: 1, 'config.rateLimits': 1 } })
    .toArray();
}

/** The profiles of campaigns that may still make calls: what a worker must serve so that none of them waits. */
export async function activeProfiles(db: Db): Promise<Map<string, RateLimits>> {
  return profilesOfCampaigns(await activeCampaigns(db));
}

/** The fields `medeval campaign limits` set for a profile (they replace the profile's and the campaigns'). */
export function liveLimits(doc: ProviderLimitsDoc | null): RateLimits {
  if (!doc) return {};
  const { requestsPerMinute, tokensPerMinute, maxConcurrency } = doc;
  return Object.fromEntries(Object.entries({ requestsPerMinute, tokensPerMinute, maxConcurrency }).filter(([, v]) => v !== undefined));
}

/**
 * A profile's limits now: the lowest of those of the active campaigns that call it (each its profile's limits with
 * the campaign's override), then the live ones set with `campaign limits` in their place.
 */
export async function activeLimits(db: Db, profile: string, alsoLimits?: RateLimits): Promise<RateLimits> {
  const [docs, live] = await Promise.all([activeCampaigns(db), collections(db).providerLimits.findOne({ _id: profile })]);
  return { ...campaignLimitsByProfile(docs, alsoLimits ? { [profile]: alsoLimits } : {}).get(profile), ...liveLimits(live) };
}
