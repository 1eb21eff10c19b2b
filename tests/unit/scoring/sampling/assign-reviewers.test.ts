import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignReviewers, rebalanceReviewers, type ReviewAssignment, type ReviewSlot } from '../../../../scoring/sampling/assign-reviewers.js';

const answerIds = (m: number): string[] => Array.from({ length: m }, (_, i) => `ans-${String(i).padStart(3, '0')}`);
const people = (r: number): string[] => Array.from({ length: r }, (_, i) => `dr${i}`);

function loads(assignments: readonly ReviewAssignment[], reviewers: readonly string[]): number[] {
  const count = new Map(reviewers.map((r) => [r, 0]));
  for (const a of assignments) for (const r of a.reviewers) if (count.has(r)) count.set(r, count.get(r)! + 1);
  return [...count.values()];
}
const spread = (xs: number[]): number => Math.max(...xs) - Math.min(...xs);
const slots = (assignments: readonly ReviewAssignment[]): Set<string> => new Set(assignments.flatMap((a) => a.reviewers.map((r) => `${a.answerId}:${r}`)));

/** m answers, r reviewers, k per answer (1 ≤ k ≤ r) and a seed. */
const designArb = fc
  .record({ m: fc.integer({ min: 0, max: 40 }), r: fc.integer({ min: 1, max: 8 }), seed: fc.integer() })
  .chain((d) => fc.record({ m: fc.constant(d.m), r: fc.constant(d.r), seed: fc.constant(d.seed), k: fc.integer({ min: 1, max: d.r }) }));

describe('assignReviewers', () => {
  it('gives each answer k distinct listed reviewers, counts within one (property)', () => {
    fc.assert(
      fc.property(designArb, ({ m, r, k, seed }) => {
        const result = assignReviewers(answerIds(m), people(r), { perItem: k, seed });
        expect(result.map((a) => a.answerId)).toEqual(answerIds(m));
        for (const a of result) {
          expect(a.reviewers).toHaveLength(k);
          expect(new Set(a.reviewers).size).toBe(k);
          for (const x of a.reviewers) expect(people(r)).toContain(x);
        }
        if (m > 0) expect(spread(loads(result, people(r)))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is deterministic under the seed and independent of the answers’ order (property)', () => {
    fc.assert(
      fc.property(designArb, ({ m, r, k, seed }) => {
        const once = assignReviewers(answerIds(m), people(r), { perItem: k, seed });
        expect(assignReviewers([...answerIds(m)].reverse(), people(r), { perItem: k, seed })).toEqual(once);
      }),
    );
  });

  it('varies with the seed and pairs up different reviewers', () => {
    const a = assignReviewers(answerIds(30), people(6), { perItem: 2, seed: 1 });
    const b = assignReviewers(answerIds(30), people(6), { perItem: 2, seed: 2 });
    expect(a).not.toEqual(b);
    const pairs = new Set(a.map((x) => [...x.reviewers].sort().join('+')));
    expect(pairs.size).toBeGreaterThan(3); // not just three fixed couples
    expect(loads(a, people(6))).toEqual([10, 10, 10, 10, 10, 10]);
  });

  it('errors clearly on impossible or malformed requests', () => {
    expect(() => assignReviewers(answerIds(3), people(2), { perItem: 3, seed: 1 })).toThrow('perItem 3 needs at least 3 distinct reviewers, got 2');
    expect(() => assignReviewers(answerIds(3), people(2), { perItem: 0, seed: 1 })).toThrow('reviewer assignment option perItem: expected an integer ≥ 1, got 0');
    expect(() => assignReviewers(answerIds(3), ['a', 'a'], { perItem: 1, seed: 1 })).toThrow('reviewer ids must be non-empty and distinct');
    expect(() => assignReviewers(['x', 'x'], people(2), { perItem: 1, seed: 1 })).toThrow('answer "x" is listed twice');
    expect(() => assignReviewers(['x'], people(2), { perItem: 1, seed: 1.5 })).toThrow('reviewer assignment option seed');
  });
});

describe('rebalanceReviewers', () => {
  it('moves nothing when nothing changed (property)', () => {
    fc.assert(
      fc.property(designArb, ({ m, r, k, seed }) => {
        const current = assignReviewers(answerIds(m), people(r), { perItem: k, seed });
        expect(rebalanceReviewers(current, people(r), { perItem: k, seed: seed + 1 })).toEqual({ assignments: current, moves: [] });
      }),
    );
  });

  it('for an added reviewer, moves exactly floor(m·k / (r + 1)) slots, all to the newcomer (property)', () => {
    fc.assert(
      fc.property(designArb, ({ m, r, k, seed }) => {
        const current = assignReviewers(answerIds(m), people(r), { perItem: k, seed });
        const after = [...people(r), 'new'];
        const { assignments, moves } = rebalanceReviewers(current, after, { perItem: k, seed });
        expect(moves).toHaveLength(Math.floor((m * k) / (r + 1)));
        for (const move of moves) expect(move.to).toBe('new');
        if (m > 0) expect(spread(loads(assignments, after))).toBeLessThanOrEqual(1);
        // everything not moved is where it was
        const kept = [...slots(current)].filter((s) => !moves.some((mv) => s === `${mv.answerId}:${mv.from}`));
        for (const s of kept) expect(slots(assignments)).toContain(s);
      }),
    );
  });

  it('for a removed reviewer, reassigns its slots and stays balanced (property)', () => {
    const arb = designArb.filter((d) => d.r > d.k);
    fc.assert(
      fc.property(arb, ({ m, r, k, seed }) => {
        const current = assignReviewers(answerIds(m), people(r), { perItem: k, seed });
        const after = people(r).filter((x) => x !== 'dr0');
        const { assignments, moves } = rebalanceReviewers(current, after, { perItem: k, seed });
        const gone = current.filter((a) => a.reviewers.includes('dr0')).length;
        expect(moves.filter((mv) => mv.from === 'dr0')).toHaveLength(gone);
        for (const a of assignments) {
          expect(a.reviewers).not.toContain('dr0');
          expect(new Set(a.reviewers).size).toBe(k);
        }
        if (m > 0) expect(spread(loads(assignments, after))).toBeLessThanOrEqual(1);
        // one reviewer per answer: nothing can block a slot, so only the leaver's slots move
        if (k === 1) expect(moves).toHaveLength(gone);
      }),
    );
  });

  it('never moves a done review, even when its reviewer has left (property)', () => {
    fc.assert(
      fc.property(designArb.filter((d) => d.r > d.k), fc.infiniteStream(fc.boolean()), ({ m, r, k, seed }, flags) => {
        const current = assignReviewers(answerIds(m), people(r), { perItem: k, seed });
        const iterator = flags[Symbol.iterator]();
        const done: ReviewSlot[] = current.flatMap((a) => a.reviewers.filter(() => iterator.next().value).map((reviewer) => ({ answerId: a.answerId, reviewer })));
        const { assignments, moves } = rebalanceReviewers(current, people(r).slice(1), { perItem: k, seed, done });
        for (const d of done) expect(assignments.find((a) => a.answerId === d.answerId)!.reviewers).toContain(d.reviewer);
        for (const mv of moves) expect(done).not.toContainEqual({ answerId: mv.answerId, reviewer: mv.from });
        for (const a of assignments) expect(new Set(a.reviewers).size).toBe(k);
      }),
    );
  });

  it('moves only the leaver’s pending slots in a hand-built case', () => {
    const current: ReviewAssignment[] = [
      { answerId: 'a', reviewers: ['x', 'y'] },
      { answerId: 'b', reviewers: ['y', 'z'] },
      { answerId: 'c', reviewers: ['z', 'x'] },
      { answerId: 'd', reviewers: ['w', 'x'] },
    ];
    // x leaves, having finished "a" (which keeps x): a and b stay; pending loads w 1, y 2, z 2, so c's x goes to w,
    // then d's to y or z (w is on d); 7 present slots over 3 reviewers cannot do better than 2, 2, 3
    const { assignments, moves } = rebalanceReviewers(current, ['w', 'y', 'z'], { perItem: 2, seed: 4, done: [{ answerId: 'a', reviewer: 'x' }] });
    expect(assignments.slice(0, 2)).toEqual(current.slice(0, 2));
    expect(moves.map((mv) => [mv.answerId, mv.from])).toEqual([['c', 'x'], ['d', 'x']]);
    expect(assignments[2]!.reviewers).toEqual(['z', 'w']);
    expect(assignments[3]!.reviewers).toEqual(['w', expect.stringMatching(/^[yz]$/)]);
    expect(loads(assignments, ['w', 'y', 'z']).sort()).toEqual([2, 2, 3]);
  });

  it('fills new answers and short assignments, as moves from nobody', () => {
    const current: ReviewAssignment[] = [
      { answerId: 'a', reviewers: ['x', 'y'] },
      { answerId: 'b', reviewers: ['x'] },
      { answerId: 'c', reviewers: [] },
    ];
    const { assignments, moves } = rebalanceReviewers(current, ['x', 'y', 'z'], { perItem: 2, seed: 9 });
    expect(assignments[0]).toEqual(current[0]);
    expect(assignments[1]!.reviewers[0]).toBe('x');
    expect(moves.every((mv) => mv.from === null)).toBe(true);
    expect(moves).toHaveLength(3);
    expect(loads(assignments, ['x', 'y', 'z'])).toEqual([2, 2, 2]);
  });

  it('rejects inconsistent input', () => {
    const current: ReviewAssignment[] = [{ answerId: 'a', reviewers: ['x', 'y'] }];
    expect(() => rebalanceReviewers(current, ['x', 'y'], { perItem: 2, seed: 1, done: [{ answerId: 'a', reviewer: 'z' }] })).toThrow('done review of "a" by "z" is not in the current assignments');
    expect(() => rebalanceReviewers(current, ['x', 'y'], { perItem: 1, seed: 1 })).toThrow('answer "a" has 2 reviewers, more than perItem 1');
    expect(() => rebalanceReviewers([{ answerId: 'a', reviewers: ['x', 'x'] }], ['x', 'y'], { perItem: 2, seed: 1 })).toThrow('answer "a" lists a reviewer twice');
  });
});
