import type { TokenUsage } from './contract.js';

/** Prices per million tokens, in the currency the profile's pricing is written in. */
export interface Pricing {
  inputPerMillion: number;
  outputPerMillion: number;
  /** the share of the price batch work is billed at (0.5 = half price); 1 when absent */
  batchMultiplier?: number | undefined;
  /** input tokens read from the prompt cache; the input price when absent */
  cachedInputPerMillion?: number | undefined;
  /** input tokens written to the prompt cache; the input price when absent */
  cacheWritePerMillion?: number | undefined;
}

/** How a call was billed: answered at once, or as an item of a batch (at the batch multiplier). */
export type BillingMode = 'realtime' | 'batch';

/**
 * The price of a usage: uncached input at the input price, cache reads and writes at theirs, output at the output
 * price, all times the batch multiplier for batch work.
 */
export function cost(usage: TokenUsage, pricing: Pricing, mode: BillingMode = 'realtime'): number {
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  const input =
    (usage.inputTokens - cached - written) * pricing.inputPerMillion +
    cached * (pricing.cachedInputPerMillion ?? pricing.inputPerMillion) +
    written * (pricing.cacheWritePerMillion ?? pricing.inputPerMillion);
  const multiplier = mode === 'batch' ? (pricing.batchMultiplier ?? 1) : 1;
  return ((input + usage.outputTokens * pricing.outputPerMillion) * multiplier) / 1_000_000;
}
