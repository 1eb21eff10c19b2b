import type { SamplingCandidate } from '../../../../scoring/sampling/types.js';

/** A candidate on the 0–5 scale (threshold 4), or MTG's 0–7 scale (threshold 5). */
export function candidate(answerId: string, category: string, model: string, judgeScores: number[]): SamplingCandidate {
  const mtg = category === 'MTG';
  return { answerId, category, model, judgeScores, scaleMax: mtg ? 7 : 5, threshold: mtg ? 5 : 4 };
}

/** `count` candidates with the same scores, ids `<prefix>-00`, `<prefix>-01`, … */
export function many(prefix: string, count: number, category: string, model: string, scores: number[]): SamplingCandidate[] {
  return Array.from({ length: count }, (_, i) => candidate(`${prefix}-${String(i).padStart(2, '0')}`, category, model, scores));
}

/**
 * 60 answers in six strata:
 * MK|a|low 20, MK|a|near 10 (half usable), MK|a|high 15, MK|a|near|split 5, MR|b|none 6, MTG|b|high 4 (0–7 scale).
 */
export const SIXTY: SamplingCandidate[] = [
  ...many('low', 20, 'MK', 'a', [1, 2, 1]),
  ...many('nearU', 5, 'MK', 'a', [4, 4, 4]),
  ...many('nearN', 5, 'MK', 'a', [3, 3, 3]),
  ...many('high', 15, 'MK', 'a', [5, 5, 4]),
  ...many('split', 5, 'MK', 'a', [2, 5, 5]),
  ...many('none', 6, 'MR', 'b', []),
  ...many('mtg', 4, 'MTG', 'b', [6, 6, 7]),
];

/** A deterministic reordering (no randomness in tests either). */
export function interleave<T>(items: readonly T[]): T[] {
  const odd = items.filter((_, i) => i % 2 === 1).reverse();
  return [...odd, ...items.filter((_, i) => i % 2 === 0)];
}
