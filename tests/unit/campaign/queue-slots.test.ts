import { describe, expect, it } from 'vitest';
import { campaignLimitsByProfile } from '../../../campaign/queue-slots.js';
import type { CampaignDoc } from '../../../store/campaign-docs.js';

const campaign = (profiles: Record<string, object>, rateLimits: Record<string, object> = {}) =>
  ({ profiles: Object.fromEntries(Object.entries(profiles).map(([name, limits]) => [name, { name, rateLimits: limits }])), config: { rateLimits } }) as unknown as Pick<CampaignDoc, 'profiles' | 'config'>;

describe('campaignLimitsByProfile: the limits a profile has while campaigns run', () => {
  it('each campaign’s override applies over its profile’s limits, and the lowest running one wins, field by field', () => {
    const limits = campaignLimitsByProfile([
      campaign({ gpt: { requestsPerMinute: 600, maxConcurrency: 8 }, judge: {} }, { gpt: { requestsPerMinute: 120 } }),
      campaign({ gpt: { requestsPerMinute: 600, tokensPerMinute: 90_000 } }, { gpt: { maxConcurrency: 16 } }),
    ]);
    expect(limits.get('gpt')).toEqual({ requestsPerMinute: 120, maxConcurrency: 8, tokensPerMinute: 90_000 });
    expect(limits.get('judge')).toEqual({});
  });

  it('a caller’s own limits count too (a campaign the store does not list as running)', () => {
    const limits = campaignLimitsByProfile([campaign({ gpt: { requestsPerMinute: 600 } })], { gpt: { requestsPerMinute: 60 }, other: { maxConcurrency: 2 } });
    expect(limits.get('gpt')).toEqual({ requestsPerMinute: 60 });
    expect(limits.get('other')).toEqual({ maxConcurrency: 2 });
  });
});
