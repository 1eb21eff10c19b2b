import { describe, expect, it } from 'vitest';
import { reviewAgreementOf, type ReviewRows, type StoredVerdict } from '../../../../scoring/agreement/review-rows.js';
import type { MtgDimensions } from '../../../../scoring/mtg-total.js';
import type { SamplingCandidate } from '../../../../scoring/sampling/types.js';

const candidate = (answerId: string, category: string, judgeScores: number[]): SamplingCandidate => ({ answerId, category, model: 'm1', judgeScores, scaleMax: 5, threshold: 4 });
const item = (answerId: string, category: string, stratum: string, inclusionProbability: number) => ({ answerId, category, model: 'm1', stratum, inclusionProbability });
const dims = (a: number, b: number, c: number, d: number): MtgDimensions => ({ instructionFollowing: a, correctness: b, effectiveness: c, readability: d, safety: 1 });
const verdict = (answerId: string, reviewer: string, score: number, usable: boolean, dimensions?: MtgDimensions): StoredVerdict => ({ answerId, reviewer, score, usable, ...(dimensions ? { dimensions } : {}) });

const ROWS: ReviewRows = {
  review: { reviewId: 'r1', campaignId: 'c1', status: 'open' },
  candidates: [
    candidate('MK-1', 'MK', [4, 5]), // 4.5: usable
    candidate('MK-2', 'MK', [3, 3]), // 3: not
    candidate('MK-3', 'MK', [5]), // not sampled, usable
    candidate('MTG-1', 'MTG', [4]), // MTG judged in score mode: usable at 4
  ],
  items: [item('MK-1', 'MK', 'MK|m1|high', 0.5), item('MK-2', 'MK', 'MK|m1|low', 0.5), item('MTG-1', 'MTG', 'MTG|m1|high', 1), item('MK-9', 'MK', 'MK|m1|none', 1)],
  submissions: [
    verdict('MK-1', 'p1', 5, true),
    verdict('MK-1', 'p2', 4, false),
    verdict('MK-2', 'p1', 2, false),
    // the dimensions decide, not the box: 5/5/3/3 is a total of 5 (usable), 4/4/3/3 a total of 4 (not, though ticked usable)
    verdict('MTG-1', 'p1', 5, true, dims(5, 5, 3, 3)),
    verdict('MTG-1', 'p2', 4, true, dims(4, 4, 3, 3)),
  ],
  templateOf: new Map([['MK-1', 't1'], ['MK-2', 't1'], ['MTG-1', 't2']]),
  threshold: 4,
};

describe('reviewAgreementOf', () => {
  const a = reviewAgreementOf(ROWS);

  it('names the review and counts reviewed answers, reviews and physicians', () => {
    expect(a).toMatchObject({ reviewId: 'r1', campaignId: 'c1', status: 'open', items: 3, reviews: 5, reviewers: 2, bootstrap: null });
    expect(Object.keys(a.perTemplate)).toEqual(['t1', 't2']);
  });

  it('compares the judge with each physician, MTG physicians by their dimensions, and says so', () => {
    // MK pairs [judge, physician]: MK-1 (u,u) (u,n); MK-2 (n,n)
    expect(a.perCategory.MK).toMatchObject({ n: 3, confusion: [[1, 0], [1, 1]] });
    expect(a.perCategory.MK!.agreement).toBeCloseTo(2 / 3, 12);
    // MTG-1, judge usable: p1 usable (total 5), p2 not (total 4)
    expect(a.perCategory.MTG).toMatchObject({ n: 2, agreement: 0.5, confusion: [[1, 0], [1, 0]], physicians: { n: 1, agreement: 0 } });
    expect(a.humanUsableFrom).toEqual({ MK: 'stated', MTG: 'dimensions' });
  });

  it('corrects the judge usability over every judged answer, a sampled one without scores counted as not usable', () => {
    // MK population MK-1 (1), MK-2 (0), MK-3 (1), MK-9 (no score: 0): f̄ = 0.5; MK-9 is pending
    // reviewed: MK-1 human 1/2, judge 1, π 0.5 → −1; MK-2 human 0, judge 0 → 0; Δ̂ = −1/4
    expect(a.ppi.perCategory.MK).toMatchObject({ questions: 4, reviewed: 2, pending: 1, judgeRate: 0.5, correction: -0.25, estimate: 0.25 });
    // MTG: f̄ = 1, human 1/2 at π 1 → 0.5; a single reviewed answer has no interval
    expect(a.ppi.perCategory.MTG).toMatchObject({ questions: 1, reviewed: 1, estimate: 0.5, low: null });
    // overall: f̄ = 3/5, Δ̂ = (−1 + 0 − 0.5) / 5
    expect(a.ppi.overall.judgeRate).toBeCloseTo(0.6, 12);
    expect(a.ppi.overall.estimate).toBeCloseTo(0.3, 12);
  });

  it('adds seeded intervals when asked, and serialises to JSON as it is', () => {
    const bootstrap = { resamples: 100, seed: 3, level: 0.9 };
    const b = reviewAgreementOf(ROWS, { bootstrap });
    expect(b.bootstrap).toEqual(bootstrap);
    expect(b.ppi.level).toBe(0.9);
    expect(b.overall.ci?.agreement).not.toBeNull();
    expect(reviewAgreementOf(ROWS, { bootstrap })).toEqual(b);
    expect(JSON.parse(JSON.stringify(b))).toEqual(b);
    expect(a.overall.ci).toBeUndefined();
  });
});
