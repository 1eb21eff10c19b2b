import type { TokenUsage } from './contract.js';

/** Prices per million tokens, in the currency the profile's pricing is written in. */
export interface Pricing {
  inputPerMillion: number;
  outputPerMillion: number;
}

export function cost(usage: TokenUsage, pricing: Pricing): number {
  return (usage.inputTokens * pricing.inputPerMillion + usage.outputTokens * pricing.outputPerMillion) / 1_000_000;
}
