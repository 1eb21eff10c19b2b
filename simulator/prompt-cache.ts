import { estimateTokens, MIN_CACHEABLE_TOKENS } from '../lib/token-estimate.js';
import { hashHex } from './hash.js';
import type { WireRequest } from './wire.js';

/** The cached part of one request's input, as the providers bill it: read from the cache, and newly written. */
export interface CacheUse {
  cachedInputTokens: number;
  cacheWriteTokens: number;
}

/** OpenAI reports cache hits in steps of 128 tokens past the minimum. */
const OPENAI_STEP = 128;

/**
 * The providers' prompt caches, per API and model, as the real ones bill them. Only prefixes of at least 1,024
 * tokens are cached. OpenAI caches every long prefix by itself (here: at message boundaries) and reports a hit as
 * `cached_tokens`, in steps of 128; Anthropic caches only up to the blocks a request marks with `cache_control`,
 * reporting reads and writes. Entries never expire (a run of the fake is shorter than the providers' minutes).
 */
export class PromptCache {
  private readonly seen = new Set<string>();

  use(api: 'openai' | 'anthropic', request: WireRequest): CacheUse {
    const boundaries = api === 'openai' ? request.messages.map((_, i) => i) : (request.cacheBreakpoints ?? []);
    const prefixes = boundaries
      .map((last) => {
        const messages = request.messages.slice(0, last + 1);
        return { id: hashHex(api, request.model, messages), tokens: estimateTokens(messages.map((m) => m.content).join('\n')) };
      })
      .filter((p) => p.tokens >= MIN_CACHEABLE_TOKENS);
    const hit = prefixes.filter((p) => this.seen.has(p.id)).reduce((best, p) => Math.max(best, p.tokens), 0);
    for (const p of prefixes) this.seen.add(p.id);
    if (api === 'openai') return { cachedInputTokens: hit === 0 ? 0 : hit - ((hit - MIN_CACHEABLE_TOKENS) % OPENAI_STEP), cacheWriteTokens: 0 };
    const longest = prefixes.reduce((best, p) => Math.max(best, p.tokens), 0);
    return { cachedInputTokens: hit, cacheWriteTokens: Math.max(0, longest - hit) };
  }

  reset(): void {
    this.seen.clear();
  }
}
