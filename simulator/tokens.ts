const CJK = /[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/;

/** A rough token count: one per CJK character, one per four other characters. Deterministic, which is what matters. */
export function estimateTokens(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    if (CJK.test(ch)) cjk++;
    else other++;
  }
  return cjk + Math.ceil(other / 4);
}

/** The longest prefix of text within the token budget (the count grows with the prefix: binary search). */
export function truncateToTokens(text: string, maxTokens: number): string {
  const chars = [...text];
  let fits = 0;
  let tooLong = chars.length + 1;
  while (tooLong - fits > 1) {
    const mid = Math.floor((fits + tooLong) / 2);
    if (estimateTokens(chars.slice(0, mid).join('')) <= maxTokens) fits = mid;
    else tooLong = mid;
  }
  return chars.slice(0, fits).join('');
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}
