import { estimateTokens } from '../lib/token-estimate.js';

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
