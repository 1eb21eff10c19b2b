const CJK = /[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/;

/**
 * A rough, deterministic token count: one per CJK character, one per four other characters. The fake provider
 * bills by it, and prompt-cache reports use it to say how long a static prefix is.
 */
export function estimateTokens(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    if (CJK.test(ch)) cjk++;
    else other++;
  }
  return cjk + Math.ceil(other / 4);
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** The shortest prefix OpenAI and Anthropic (Claude Sonnet/Opus) cache: a shorter prompt prefix is never cached. */
export const MIN_CACHEABLE_TOKENS = 1024;
