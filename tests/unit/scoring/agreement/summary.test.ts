import { describe, expect, it } from 'vitest';
import { iccAbsoluteAgreement } from '../../../../scoring/agreement/icc.js';
import { krippendorffAlpha } from '../../../../scoring/agreement/krippendorff.js';
import { agreementSummary, type ReviewedAnswer } from '../../../../scoring/agreement/summary.js';
import { mtgTotal, type MtgDimensions } from '../../../../scoring/mtg-total.js';

type Verdict = [reviewer: string, score: number, usable: boolean];

const mk = (itemId: string, model: string, templateVersion: string, judgeScores: number[], reviews: Verdict[]): ReviewedAnswer => ({
  itemId,
  category: 'MK',
  model,
  templateVersion,
  judgeScores,
  threshold: 4,
  scaleMax: 5,
  judgeScaleMax: 5,
  reviews: reviews.map(([reviewer, score, usable]) => ({ reviewer, score, usable })),
});

const mtg = (itemId: string, model: string, judge: { scores: number[]; threshold: number; scaleMax: number }, reviewer: string, dimensions: MtgDimensions, usable: boolean): ReviewedAnswer => ({
  itemId,
  category: 'MTG',
  model,
  templateVersion: 't3',
  judgeScores: judge.scores,
  threshold: judge.threshold,
  scaleMax: 7,
  judgeScaleMax: judge.scaleMax,
  reviews: [{ reviewer, score: mtgTotal(dimensions), usable, dimensions }],
});

const ANSWERS: ReviewedAnswer[] = [
  mk('a1', 'm1', 't1', [4, 5], [['p1', 5, true], ['p2', 4, true]]), // judge 4.5 usable
  mk('a2', 'm1', 't1', [3, 4], [['p1', 2, false], ['p2', 5, true]]), // judge 3.5 not usable; reviewers split
  mk('a3', 'm2', 't1', [2], [['p1', 1, false]]),
  mk('a4', 'm2', 't2', [], [['p2', 3, false]]), // no valid judge score: not usable
  // MTG judged on the five dimensions (0–7, usable ≥ 5): judge 5.5 usable; total 6
  mtg('g1', 'm1', { scores: [6, 5], threshold: 5, scaleMax: 7 }, 'p1', { instructionFollowing: 5, correctness: 5, effectiveness: 4, readability: 4, safety: 1 }, true),
  // MTG judged in score mode (0–5, usable ≥ 4) against the physicians' 0–7 total: decisions compare, scores do not
  mtg('g2', 'm2', { scores: [4], threshold: 4, scaleMax: 5 }, 'p2', { instructionFollowing: 2, correctness: 2, effectiveness: 2, readability: 2, safety: 1 }, false),
  mk('u1', 'm1', 't1', [5], []), // not reviewed yet: left out
];

describe('agreementSummary', () => {
  const s = agreementSummary(ANSWERS);

  it('counts reviewed answers and reviews, and groups by category, model and template', () => {
    expect(s).toMatchObject({ items: 6, reviews: 8 });
    expect(Object.keys(s.perCategory)).toEqual(['MK', 'MTG']);
    expect(Object.keys(s.perModel)).toEqual(['m1', 'm2']);
    expect(Object.keys(s.perTemplate)).toEqual(['t1', 't2', 't3']);
    // t1: a1, a2 (two reviews each) and a3 (one)
    expect(s.perTemplate.t1).toMatchObject({ items: 3, reviews: 5, n: 5 });
  });

  it('computes the judge against each review, the majority and physician pairs for MK', () => {
    // pairs [judge, physician]: a1 (u,u) (u,u); a2 (n,n) (n,u); a3 (n,n); a4 (n,n) → tp 2, fn 1, fp 0, tn 3
    // p_o = 5/6; physician usable 3/6, judge usable 2/6 → Cohen p_e = 1/2·1/3 + 1/2·2/3 = 1/2 → κ = (5/6 − 1/2)/(1/2) = 2/3
    // Gwet π = (1/2 + 1/3)/2 = 5/12, p_e = 2·5/12·7/12 = 35/72 → AC1 = (60/72 − 35/72)/(37/72) = 25/37
    const c = s.perCategory.MK!;
    expect(c).toMatchObject({ items: 4, reviews: 6, n: 6, noJudgeScore: 1, confusion: [[2, 1], [0, 3]] });
    expect(c.agreement).toBeCloseTo(5 / 6, 12);
    expect(c.kappa).toBeCloseTo(2 / 3, 12);
    expect(c.ac1).toBeCloseTo(25 / 37, 12);
    // k ≥ 2 on a1 (majority usable, judge agrees) and a2 (a tie)
    expect(c.majority).toMatchObject({ items: 2, ties: 1, n: 1, agreement: 1 });
    // physicians: a1 agree, a2 disagree
    expect(c.physicians).toMatchObject({ items: 2, n: 2, agreement: 0.5 });
  });

  it('compares scores on the one scale of MK', () => {
    // judge mean against each score, where the judge has one: (4.5,5) (4.5,4) (3.5,2) (3.5,5) (2,1)
    const c = s.perCategory.MK!;
    expect(c).toMatchObject({ scaleMax: 5, scorePairs: 5 });
    expect(c.mad).toBeCloseTo((0.5 + 0.5 + 1.5 + 1.5 + 1) / 5, 12);
    // rounded half up: (5,5) (5,4) (4,2) (4,5) (2,1) — hand-computed in ordinal.test.ts: 2/3
    expect(c.weightedKappa).toBeCloseTo(2 / 3, 12);
    expect(c.icc).toBeCloseTo(iccAbsoluteAgreement([[4.5, 5], [4.5, 4], [3.5, 2], [3.5, 5], [2, 1]])!, 12);
    // physicians only: a1 [5, 4], a2 [2, 5] pair (a3, a4 have one review). Values 2, 4, 5, 5: n2 = n4 = 1, n5 = 2, n = 4
    // ordinal δ²(2,4) = (2 − 1)² = 1, δ²(4,5) = (3 − 1.5)² = 2.25, δ²(2,5) = (4 − 1.5)² = 6.25
    // observed = 2·2.25 + 2·6.25 = 17; expected = 2·(1 + 2·2.25 + 2·6.25) = 36 → α = 1 − 3·17/36
    expect(c.alphaPhysicians).toBeCloseTo(1 - 51 / 36, 12);
    // the judge's rounded mean as one more rater
    expect(c.alphaWithJudge).toBeCloseTo(krippendorffAlpha([[5, 5, 4], [4, 2, 5], [2, 1], [3]], 'ordinal')!, 12);
  });

  it('compares MTG decisions whatever the judge mode, scores only where the judge was on 0–7', () => {
    const c = s.perCategory.MTG!;
    // g1 (u,u), g2 (u,n)
    expect(c).toMatchObject({ items: 2, n: 2, confusion: [[1, 0], [1, 0]], agreement: 0.5, scaleMax: 7, scorePairs: 1, mad: 0.5 });
    // a single pair has no expected disagreement
    expect(c.weightedKappa).toBeNull();
  });

  it('leaves score statistics out of groups that mix 0–5 and 0–7, but not the decisions', () => {
    // MK 5 of 6 pairs agree, MTG 1 of 2
    expect(s.overall).toMatchObject({ items: 6, n: 8, agreement: 0.75, scaleMax: null, scorePairs: 0, weightedKappa: null, mad: null, icc: null, alphaPhysicians: null, alphaWithJudge: null });
    expect(s.perModel.m1).toMatchObject({ items: 3, scaleMax: null, mad: null });
  });

  it('serialises to JSON as it is', () => {
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.overall.ci).toBeUndefined();
  });

  it('orders the dataset categories first, others after', () => {
    const other = { ...mk('x1', 'm1', 't1', [5], [['p1', 5, true]]), category: 'XX' };
    const mr = { ...mk('r1', 'm1', 't1', [5], [['p1', 5, true]]), category: 'MR' };
    expect(Object.keys(agreementSummary([other, ...ANSWERS, mr]).perCategory)).toEqual(['MK', 'MR', 'MTG', 'XX']);
  });

  it('adds seeded bootstrap intervals that resample answers, on request', () => {
    const bootstrap = { resamples: 200, seed: 11, level: 0.95 };
    const a = agreementSummary(ANSWERS, { bootstrap });
    expect(agreementSummary(ANSWERS, { bootstrap })).toEqual(a);
    const ci = a.perCategory.MK!.ci!;
    expect(ci.agreement!.low).toBeLessThanOrEqual(5 / 6);
    expect(ci.agreement!.high).toBeGreaterThanOrEqual(5 / 6);
    expect(a.overall.ci).toBeDefined();
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('refuses inconsistent input, naming the answer', () => {
    const dims: MtgDimensions = { instructionFollowing: 5, correctness: 5, effectiveness: 5, readability: 5, safety: 0 };
    const wrongTotal: ReviewedAnswer = { ...ANSWERS[4]!, reviews: [{ reviewer: 'p1', score: 7, usable: true, dimensions: dims }] };
    expect(() => agreementSummary([wrongTotal])).toThrow(/g1: score 7 from p1 is not the total 0/);
    expect(() => agreementSummary([mk('d', 'm', 't', [4], [['p1', 4, true], ['p1', 3, false]])])).toThrow(/d: reviewer p1 reviewed it twice/);
    expect(() => agreementSummary([mk('o', 'm', 't', [4], [['p1', 6, true]])])).toThrow(/o: score 6 from p1 is not an integer 0–5/);
    expect(() => agreementSummary([mk('j', 'm', 't', [5.5], [['p1', 4, true]])])).toThrow(/j: judge score 5.5 is outside 0–5/);
    expect(() => agreementSummary([ANSWERS[0]!, ANSWERS[0]!])).toThrow(/a1 is listed twice/);
  });
});
