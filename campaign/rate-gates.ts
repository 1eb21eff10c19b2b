import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import type { ProviderProfile } from '../providers/profiles.js';
import { RateGate } from '../ratelimit/rate-gate.js';
import type { ProviderLimitsDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';

const LIMITS_REFRESH_MS = 5_000;

/**
 * One rate gate per provider profile name in this process (one task queue, one budget per profile). Limits merge
 * the profile's, the campaign's override and the live ones set with `campaign limits`, refreshed every few seconds.
 */
export class RateGates {
  private readonly gates = new Map<string, { gate: RateGate; refreshedAt: number; refreshing?: Promise<void> | undefined }>();

  constructor(private readonly db: Db) {}

  /**
   * The gate is created synchronously and refreshes are shared: concurrent first calls must all get the same gate,
   * or each would start with a full bucket of its own.
   */
  async gate(profile: ProviderProfile, campaignLimits: RateLimits | undefined): Promise<RateGate> {
    const base: RateLimits = { ...profile.rateLimits, ...campaignLimits };
    let entry = this.gates.get(profile.name);
    if (!entry) {
      entry = { gate: new RateGate(base), refreshedAt: 0 };
      this.gates.set(profile.name, entry);
    }
    if (Date.now() - entry.refreshedAt >= LIMITS_REFRESH_MS) {
      const current = entry;
      current.refreshing ??= collections(this.db)
        .providerLimits.findOne({ _id: profile.name })
        .then((live) => {
          current.gate.setLimits({ ...base, ...liveLimits(live) });
          current.refreshedAt = Date.now();
        })
        .finally(() => {
          current.refreshing = undefined;
        });
      await current.refreshing;
    }
    return entry.gate;
  }
}

function liveLimits(doc: ProviderLimitsDoc | null): RateLimits {
  if (!doc) return {};
  const { requestsPerMinute, tokensPerMinute, maxConcurrency } = doc;
  return Object.fromEntries(Object.entries({ requestsPerMinute, tokensPerMinute, maxConcurrency }).filter(([, v]) => v !== undefined));
}
