import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../../dataset/categories.js';
import { aggregateScores } from '../../../scoring/aggregate/aggregate.js';
import { quantile } from '../../../scoring/bootstrap.js';
import type { ScoreRecord } from '../../../scoring/score-record.js';

const recordArb: fc.Arbitrary<ScoreRecord> = fc
  .record({
    category: fc.constantFrom(...CATEGORY_CODES),
    groupCode: fc.integer({ min: 1, max: 6 }),
    round: fc.integer({ min: 1, max: 2 }),
    model: fc.constantFrom('a', 'b'),
    sample: fc.integer({ min: 0, max: 2 }),
    judgeRound: fc.integer({ min: 0, max: 2 }),
    score: fc.option(fc.integer({ min: 0, max: 10 }).map((half) => half / 2), { nil: null }),
  })
  .map((r) => ({ ...r, questionId: `${r.category}-${r.groupCode}-${r.round}` }));

const recordsArb = fc.array(recordArb, { minLength: 1, maxLength: 60 });
const FAST = { bootstrap: { resamples: 50 } };

describe('aggregateScores properties', () => {
  it('keeps OP and every usability within 0–100 and the CI around nothing impossible', () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        for (const m of aggregateScores(records, FAST).models) {
          expect(m.overall.op).toBeGreaterThanOrEqual(0);
          expect(m.overall.op).toBeLessThanOrEqual(100);
          expect(m.overall.ci.low).toBeGreaterThanOrEqual(0);
          expect(m.overall.ci.high).toBeLessThanOrEqual(100);
          expect(m.overall.ci.low).toBeLessThanOrEqual(m.overall.ci.high);
          for (const c of Object.values(m.categories)) {
            expect(c.usability).toBeGreaterThanOrEqual(0);
            expect(c.usability).toBeLessThanOrEqual(100);
          }
          expect(m.overall.usable + m.overall.noValidScore).toBeLessThanOrEqual(m.overall.questions);
        }
      }),
    );
  });

  it('does not depend on the order of the records', () => {
    fc.assert(
      fc.property(
        recordsArb.chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }))),
        ([records, shuffled]) => {
          expect(aggregateScores(shuffled, FAST)).toEqual(aggregateScores(records, FAST));
        },
      ),
    );
  });

  it('never lowers the usable count when a usable question is added', () => {
    fc.assert(
      fc.property(recordsArb, fc.constantFrom(...CATEGORY_CODES), fc.integer({ min: 4, max: 5 }), (records, category, score) => {
        const extra: ScoreRecord = { questionId: `${category}-new-1`, category, groupCode: 'new', round: 1, model: 'a', sample: 0, judgeRound: 0, score };
        const before = aggregateScores(records, FAST).models.find((m) => m.model === 'a');
        const after = aggregateScores([...records, extra], FAST).models.find((m) => m.model === 'a')!;
        expect(after.overall.usable).toBe((before?.overall.usable ?? 0) + 1);
        expect(after.overall.questions).toBe((before?.overall.questions ?? aggregateScores(records, FAST).questions) + 1);
      }),
    );
  });
});

describe('quantile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75); // position 3·0.25 = 0.75 → 1 + 0.75·(2 − 1)
    expect(quantile([10, 20], 0.975)).toBe(19.75);
    expect(quantile([5], 0.025)).toBe(5);
  });
});
