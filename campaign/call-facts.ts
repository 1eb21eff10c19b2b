import type { CompletionResult } from '../providers/contract.js';
import { cost, type BillingMode } from '../providers/cost.js';
import type { ProviderProfile } from '../providers/profiles.js';

/**
 * What a paid call cost and why: its price on the profile's pricing as it was billed (realtime or batch, with its
 * cached tokens), and what the same usage would have cost answered at once. Both 0 where the profile has no
 * pricing (see unpricedProfiles).
 */
export function callCost(profile: ProviderProfile, result: CompletionResult, mode: BillingMode = 'realtime'): { costUsd: number; realtimeCostUsd: number; costMode: BillingMode } {
  if (!profile.pricing) return { costUsd: 0, realtimeCostUsd: 0, costMode: mode };
  return { costUsd: cost(result.usage, profile.pricing, mode), realtimeCostUsd: cost(result.usage, profile.pricing), costMode: mode };
}

/** What every successful call stores about itself besides its text. */
export function callFacts(result: CompletionResult, profile: ProviderProfile, mode: BillingMode = 'realtime') {
  return {
    usage: result.usage,
    ...callCost(profile, result, mode),
    latencyMs: result.latencyMs,
    providerModel: result.model,
    ...(result.requestId ? { requestId: result.requestId } : {}),
    ...(result.simulated ? { simulated: true as const } : {}),
    updatedAt: new Date(),
  };
}

export interface CallOutcome {
  key: string;
  /** true when the stored result was returned and nothing was paid */
  cached: boolean;
  costUsd: number;
}

/** The profiles without pricing: their calls count 0 in a cost, so every cost shown says its total leaves them out. */
export function unpricedProfiles(profiles: Record<string, Pick<ProviderProfile, 'pricing'>>): string[] {
  return Object.entries(profiles).filter(([, p]) => !p.pricing).map(([name]) => name).sort();
}
