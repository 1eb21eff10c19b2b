import { z } from 'zod';
import { ID_PATTERN, ID_RULE } from './ids.js';

/** Names that end up in keys, queue names and file names (config/ids.ts). */
export const Id = z.string().regex(ID_PATTERN, ID_RULE);

export const PositiveInt = z.number().int().positive();

/** Sampling parameters a profile sets as defaults and a campaign's model or judge may override. */
export const Params = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  maxTokens: PositiveInt.optional(),
  seed: z.number().int().optional(),
  stop: z.array(z.string().min(1)).optional(),
});

/** A provider profile's limits, set in the profile, overridden per campaign, changed live with `campaign limits`. */
export const RateLimits = z.strictObject({
  requestsPerMinute: PositiveInt.optional(),
  tokensPerMinute: PositiveInt.optional(),
  maxConcurrency: PositiveInt.optional(),
});
export type RateLimits = z.infer<typeof RateLimits>;
