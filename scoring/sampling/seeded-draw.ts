import { mulberry32 } from '../prng.js';

/**
 * The first `count` items of a seeded Fisher–Yates shuffle (forward, so the first k picks depend only on the first k
 * draws): a simple random sample without replacement, in draw order. A larger `count` extends a smaller one's picks.
 */
export function seededDraw<T>(items: readonly T[], count: number, seed: number): T[] {
  const pool = [...items];
  const random = mulberry32(seed);
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
