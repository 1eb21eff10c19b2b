import { describe, expect, it } from 'vitest';
import { MIN_CACHEABLE_TOKENS } from '../../../lib/token-estimate.js';
import { APIS, ask, providerFor, useSimulator } from './fixtures.js';

// about 1,300 tokens by the fake's count (one per four characters): above the providers' 1,024-token minimum
const LONG_RUBRIC = `Grade the answer. ${'Rubric line with enough words to count. '.repeat(130)}`;
const SHORT_RUBRIC = 'Grade the answer against the rubric.';

describe.each(APIS)('%s prompt caching through the real SDK', (api) => {
  const fake = useSimulator({ keepRequests: true });

  it('a repeated long prefix is read from the cache on the second call, counted within the input tokens', async () => {
    const provider = providerFor(fake(), api);
    const first = await provider.complete(ask('Answer A', { system: LONG_RUBRIC, cacheable: true }));
    const second = await provider.complete(ask('Answer B', { system: LONG_RUBRIC, cacheable: true }));
    expect(first.usage.cachedInputTokens).toBeUndefined();
    expect(second.usage.cachedInputTokens).toBeGreaterThanOrEqual(MIN_CACHEABLE_TOKENS);
    expect(second.usage.cachedInputTokens).toBeLessThan(second.usage.inputTokens);
    if (api === 'anthropic') {
      // the first call writes the whole marked prompt; the second reads the system prompt back and writes the rest
      expect(first.usage.cacheWriteTokens).toBe(first.usage.inputTokens);
      expect(second.usage.cacheWriteTokens).toBe(second.usage.inputTokens - second.usage.cachedInputTokens!);
    } else {
      expect((second.usage.cachedInputTokens! - MIN_CACHEABLE_TOKENS) % 128).toBe(0);
      expect(first.usage.cacheWriteTokens).toBeUndefined();
    }
  });

  it('the same whole prompt again (another judging round) is cached as a whole', async () => {
    const provider = providerFor(fake(), api);
    await provider.complete(ask('Answer A', { system: LONG_RUBRIC, cacheable: true }));
    const again = await provider.complete(ask('Answer A', { system: LONG_RUBRIC, cacheable: true }));
    expect(again.usage.inputTokens - again.usage.cachedInputTokens!).toBeLessThan(api === 'openai' ? 128 : 16);
  });

  it('promptCache: false answers as a provider without a cache', async () => {
    fake().configure({ promptCache: false });
    const provider = providerFor(fake(), api);
    await provider.complete(ask('Answer A', { system: LONG_RUBRIC, cacheable: true }));
    const again = await provider.complete(ask('Answer A', { system: LONG_RUBRIC, cacheable: true }));
    expect(again.usage.cachedInputTokens).toBeUndefined();
    expect(again.usage.cacheWriteTokens).toBeUndefined();
  });

  it('a prefix under 1,024 tokens is never cached: the real saving is zero', async () => {
    const provider = providerFor(fake(), api);
    await provider.complete(ask('Answer A', { system: SHORT_RUBRIC, cacheable: true }));
    const second = await provider.complete(ask('Answer A', { system: SHORT_RUBRIC, cacheable: true }));
    expect(second.usage.cachedInputTokens).toBeUndefined();
    expect(second.usage.cacheWriteTokens).toBeUndefined();
  });
});

describe('Anthropic caches only what the request marks', () => {
  const fake = useSimulator({ keepRequests: true });

  it('cacheable requests mark the system prompt and the last message with cache_control; others are not cached', async () => {
    const provider = providerFor(fake(), 'anthropic');
    await provider.complete(ask('Answer A', { system: LONG_RUBRIC }));
    const unmarked = await provider.complete(ask('Answer A', { system: LONG_RUBRIC }));
    expect(unmarked.usage.cachedInputTokens).toBeUndefined();
    await provider.complete(ask('Answer A', { system: LONG_RUBRIC, cacheable: true }));
    const body = fake().requests().at(-1)!.body as { system: unknown; messages: { content: unknown }[] };
    expect(body.system).toEqual([{ type: 'text', text: LONG_RUBRIC, cache_control: { type: 'ephemeral' } }]);
    expect(body.messages.at(-1)!.content).toEqual([{ type: 'text', text: 'Answer A', cache_control: { type: 'ephemeral' } }]);
  });
});
