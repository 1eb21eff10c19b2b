import type { RateLimits } from '../config/common-schemas.js';
import type { CampaignDoc } from '../store/campaign-docs.js';
import { DEFAULT_MAX_CONCURRENCY, lowestLimits } from '../ratelimit/shared-budget.js';

/**
 * Activity slots a worker gives a provider profile's queue: twice its concurrency limit, so that waiting calls can
 * heartbeat while the rate gate decides (the gate does the limiting), at most 200.
 */
export function queueSlots(limits: RateLimits | undefined): number {
  return Math.min(200, 2 * (limits?.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY));
}

/** The profiles a set of campaigns needs served, each with the largest concurrency any of them allows. */
export function profilesOfCampaigns(docs: readonly Pick<CampaignDoc, 'profiles' | 'config'>[]): Map<string, RateLimits> {
  const out = new Map<string, RateLimits>();
  for (const c of docs) {
    for (const [name, p] of Object.entries(c.profiles)) {
      const max = c.config.rateLimits?.[name]?.maxConcurrency ?? p.rateLimits?.maxConcurrency;
      const known = out.get(name)?.maxConcurrency;
      out.set(name, max === undefined && known === undefined ? {} : { maxConcurrency: Math.max(max ?? 0, known ?? 0) });
    }
  }
  return out;
}

/**
 * Each profile's limits while these campaigns run: the lowest, field by field, of every campaign's (its profile's
 * limits with the campaign's override), and of `also` (e.g. the calling campaign's, whatever its stored status).
 */
export function campaignLimitsByProfile(docs: readonly Pick<CampaignDoc, 'profiles' | 'config'>[], also: Record<string, RateLimits> = {}): Map<string, RateLimits> {
  const all = new Map<string, RateLimits[]>(Object.entries(also).map(([name, limits]) => [name, [limits]]));
  for (const c of docs) {
    for (const [name, p] of Object.entries(c.profiles)) all.set(name, [...(all.get(name) ?? []), { ...p.rateLimits, ...c.config.rateLimits?.[name] }]);
  }
  return new Map([...all].map(([name, list]) => [name, lowestLimits(list)]));
}
