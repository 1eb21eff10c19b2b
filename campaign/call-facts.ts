import type { CompletionResult } from '../providers/contract.js';
import { cost } from '../providers/cost.js';
import type { ProviderProfile } from '../providers/profiles.js';

/** What a paid call cost: its price on the profile's pricing, 0 where the profile has none (see unpricedProfiles). */
export function callCost(profile: ProviderProfile, result: CompletionResult): number {
  return profile.pricing ? cost(result.usage, profile.pricing) : 0;
}

/** What every successful call stores about itself besides its text. */
export function callFacts(result: CompletionResult, costUsd: number) {
  return {
    usage: result.usage,
    costUsd,
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
