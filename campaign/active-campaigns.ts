import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import { collections } from '../store/collections.js';
import { profilesOfCampaigns } from './queue-slots.js';

/** Statuses of campaigns that may still make calls. */
export const ACTIVE_STATUSES = ['running', 'paused'] as const;

/** The profiles of campaigns that may still make calls: what a worker must serve so that none of them waits. */
export async function activeProfiles(db: Db): Promise<Map<string, RateLimits>> {
  const docs = await collections(db)
    .campaigns.find({ status: { $in: [...ACTIVE_STATUSES] } }, { projection: { profiles: 1, 'config.rateLimits': 1 } })
    .toArray();
  return profilesOfCampaigns(docs);
}
