import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryAgreement, majority, type DecisionPair } from '../../../../scoring/agreement/binary.js';
import { bootstrapItemsCI } from '../../../../scoring/agreement/bootstrap-ci.js';
import { tableAgreement } from '../../../../scoring/agreement/contingency.js';
import { iccAbsoluteAgreement } from '../../../../scoring/agreement/icc.js';
import { krippendorffAlpha } from '../../../../scoring/agreement/krippendorff.js';
import { quadraticWeightedKappa } from '../../../../scoring/agreement/ordinal.js';
import { physicianAgreement } from '../../../../scoring/agreement/pairwise.js';
import { ppiUsabilityRate } from '../../../../scoring/agreement/ppi.js';
import { agreementSummary, type ReviewedAnswer } from '../../../../scoring/agreement/summary.js';

const EPS = 1e-12;
const pairArb: fc.Arbitrary<DecisionPair> = fc.tuple(fc.boolean(), fc.boolean());
const pairsArb = fc.array(pairArb, { maxLength: 60 });
const scoreArb = fc.integer({ min: 0, max: 5 });
const within = (x: number | null, low: number, high: number) => x === null || (x >= low - EPS && x <= high + EPS);

describe('agreement properties', () => {
  it('binary: agreement in [0, 1], kappa and AC1 at most 1, the table sums to n', () => {
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const a = binaryAgreement(pairs);
        expect(a.confusion.flat().reduce((x, y) => x + y, 0)).toBe(a.n);
        expect(within(a.agreement, 0, 1)).toBe(true);
        expect(within(a.kappa, -1, 1)).toBe(true);
        expect(within(a.ac1, -1, 1)).toBe(true);
        expect(a.agreement === null).toBe(pairs.length === 0);
      }),
    );
  });

  it('binary: perfect agreement gives 1 wherever the coefficient is defined', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (votes) => {
        const a = binaryAgreement(votes.map((v): DecisionPair => [v, v]));
        expect([a.agreement, a.ac1]).toEqual([1, 1]);
        // kappa is undefined only when one category was used throughout
        expect(a.kappa).toBe(new Set(votes).size === 1 ? null : 1);
      }),
    );
  });

  it('q × q tables: kappa and AC1 at most 1', () => {
    const tableArb = fc.integer({ min: 2, max: 5 }).chain((q) => fc.array(fc.array(fc.nat(20), { minLength: q, maxLength: q }), { minLength: q, maxLength: q }));
    fc.assert(
      fc.property(tableArb, (table) => {
        const a = tableAgreement(table);
        expect(within(a.agreement, 0, 1)).toBe(true);
        expect(within(a.kappa, -Infinity, 1)).toBe(true);
        expect(within(a.ac1, -Infinity, 1)).toBe(true);
      }),
    );
  });

  it('physician pairs and majority: agreement in [0, 1]; the majority ignores vote order', () => {
    const votesArb = fc.array(fc.array(fc.boolean(), { maxLength: 4 }), { maxLength: 20 });
    fc.assert(
      fc.property(votesArb, (perItem) => {
        expect(within(physicianAgreement(perItem).agreement, 0, 1)).toBe(true);
        for (const votes of perItem) expect(majority([...votes].reverse())).toBe(majority(votes));
      }),
    );
  });

  it('weighted kappa: at most 1, and 1 for identical scores with variation', () => {
    const scorePairs = fc.array(fc.tuple(scoreArb, scoreArb), { maxLength: 40 });
    fc.assert(
      fc.property(scorePairs, (pairs) => {
        expect(within(quadraticWeightedKappa(pairs, 5), -1, 1)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.array(scoreArb, { minLength: 1, maxLength: 40 }), (scores) => {
        expect(quadraticWeightedKappa(scores.map((s) => [s, s]), 5)).toBe(new Set(scores).size === 1 ? null : 1);
      }),
    );
  });

  it('ordinal and nominal alpha: at most 1, and 1 when every unit agrees (with variation)', () => {
    const unitsArb = fc.array(fc.array(fc.option(scoreArb, { nil: null }), { minLength: 1, maxLength: 4 }), { maxLength: 20 });
    fc.assert(
      fc.property(unitsArb, (units) => {
        for (const metric of ['nominal', 'ordinal'] as const) expect(within(krippendorffAlpha(units, metric), -Infinity, 1)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(scoreArb, fc.integer({ min: 2, max: 4 })), { maxLength: 15 }), (spec) => {
        const units = spec.map(([value, raters]) => Array<number>(raters).fill(value));
        const alpha = krippendorffAlpha(units, 'ordinal');
        expect(alpha).toBe(new Set(spec.map(([v]) => v)).size < 2 ? null : 1);
      }),
    );
  });

  it('ICC(A,1): 1 when the raters agree exactly and the targets differ', () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { minLength: 2, maxLength: 20 }), fc.integer({ min: 2, max: 4 }), (targets, raters) => {
        const icc = iccAbsoluteAgreement(targets.map((t) => Array<number>(raters).fill(t)));
        if (new Set(targets).size === 1) expect(icc).toBeNull();
        else expect(icc).toBeCloseTo(1, 12);
      }),
    );
  });

  it('bootstrap: the interval holds the point estimate of the agreement, and a seed reproduces it', () => {
    const agreement = (sample: readonly DecisionPair[]) => binaryAgreement(sample).agreement;
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 40 }), fc.integer(), (pairs, seed) => {
        const options = { resamples: 200, seed, level: 0.95 };
        const r = bootstrapItemsCI(pairs, agreement, 'agreement', options);
        expect(r.interval!.low).toBeLessThanOrEqual(r.estimate!);
        expect(r.interval!.high).toBeGreaterThanOrEqual(r.estimate!);
        expect(bootstrapItemsCI(pairs, agreement, 'agreement', options)).toEqual(r);
      }),
      { numRuns: 50 },
    );
  });

  it('PPI: a judge the physicians agree with on every reviewed answer needs no correction', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 30 }), (decisions) => {
        const f = decisions.map(Number);
        const reviewed = f.slice(0, 2).map((v) => ({ judge: v, human: v, inclusionProbability: 2 / f.length }));
        const r = ppiUsabilityRate(f, reviewed);
        expect(r.correction).toBe(0);
        expect(r.estimate).toBeCloseTo(f.reduce((a, b) => a + b, 0) / f.length, 12);
        expect(r.standardError).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('summary: every group within bounds, pairs = reviews, and the groups partition the pairs', () => {
    const answerArb: fc.Arbitrary<ReviewedAnswer> = fc.record({
      category: fc.constantFrom('MK', 'MR', 'MTG'),
      model: fc.constantFrom('a', 'b'),
      templateVersion: fc.constantFrom('t1', 't2'),
      judgeScores: fc.array(fc.integer({ min: 0, max: 10 }).map((h) => h / 2), { maxLength: 3 }),
      reviewers: fc.uniqueArray(fc.constantFrom('p1', 'p2', 'p3'), { maxLength: 3 }),
      score: scoreArb,
      usable: fc.boolean(),
    }).map(({ reviewers, score, usable, category, ...rest }) => ({
      ...rest,
      category,
      threshold: 4,
      scaleMax: category === 'MTG' ? 7 : 5,
      judgeScaleMax: 5,
      reviews: reviewers.map((reviewer, i) => ({ reviewer, score, usable: i === 0 ? usable : !usable })),
    }));
    fc.assert(
      fc.property(fc.array(answerArb, { maxLength: 25 }), (answers) => {
        const s = agreementSummary(answers);
        expect(s.overall.n).toBe(s.reviews);
        for (const by of [s.perCategory, s.perModel, s.perTemplate]) {
          expect(Object.values(by).reduce((n, g) => n + g.n, 0)).toBe(s.overall.n);
          for (const g of Object.values(by)) {
            expect(within(g.agreement, 0, 1) && within(g.kappa, -1, 1) && within(g.ac1, -1, 1)).toBe(true);
            expect(within(g.weightedKappa, -1, 1) && within(g.alphaPhysicians, -Infinity, 1)).toBe(true);
          }
        }
      }),
    );
  });
});
