import { describe, expect, it } from 'vitest';
import { groupAgreement, INTERVAL_STATISTICS } from '../../../../scoring/agreement/group-stats.js';
import { viewAnswer, type ReviewedAnswer } from '../../../../scoring/agreement/reviewed-item.js';

const answer = (itemId: string, judgeScores: number[], reviews: [string, number, boolean][], scaleMax = 5): ReviewedAnswer => ({
  itemId,
  category: scaleMax === 7 ? 'MTG' : 'MK',
  model: 'm',
  judgeScores,
  threshold: 4,
  scaleMax,
  judgeScaleMax: scaleMax,
  reviews: reviews.map(([reviewer, score, usable]) => ({ reviewer, score, usable })),
});

const VIEWS = [
  answer('a', [5, 4], [['p', 5, true], ['q', 4, true]]),
  answer('b', [2], [['p', 1, false], ['q', 3, false]]),
  answer('c', [4], [['p', 3, false], ['q', 4, true]]),
  answer('d', [3, 3], [['p', 2, false]]),
  answer('e', [5], [['p', 4, true], ['q', 5, true]]),
].map(viewAnswer);
const BOOTSTRAP = { resamples: 300, seed: 5, level: 0.95 };

describe('groupAgreement intervals', () => {
  const g = groupAgreement(VIEWS, 'test', BOOTSTRAP);

  it('gives every statistic an interval around its estimate, resampling answers', () => {
    expect(Object.keys(g.ci!).sort()).toEqual([...INTERVAL_STATISTICS].sort());
    const estimates = { agreement: g.agreement, kappa: g.kappa, ac1: g.ac1, weightedKappa: g.weightedKappa, mad: g.mad, icc: g.icc, alphaPhysicians: g.alphaPhysicians, alphaWithJudge: g.alphaWithJudge, majorityAgreement: g.majority.agreement, physiciansAgreement: g.physicians.agreement };
    for (const stat of INTERVAL_STATISTICS) {
      const ci = g.ci![stat]!;
      expect(ci, stat).not.toBeNull();
      expect(ci.low, stat).toBeLessThanOrEqual(ci.high);
      // a percentile interval of 300 resamples of 5 answers brackets the estimate
      expect(estimates[stat], stat).not.toBeNull();
      expect(ci.low, stat).toBeLessThanOrEqual(estimates[stat]! + 1e-12);
      expect(ci.high, stat).toBeGreaterThanOrEqual(estimates[stat]! - 1e-12);
    }
    // MAD is a mean of absolute differences: the interval stays within the observed ones (0–1.5 here)
    expect(g.ci!.mad!.low).toBeGreaterThanOrEqual(0);
    expect(g.ci!.mad!.high).toBeLessThanOrEqual(1.5);
  });

  it('is reproducible for a seed and leaves the earlier intervals on their streams', () => {
    expect(groupAgreement(VIEWS, 'test', BOOTSTRAP).ci).toEqual(g.ci);
    expect(groupAgreement(VIEWS, 'other', BOOTSTRAP).ci).not.toEqual(g.ci);
  });

  it('has no score intervals for a group that mixes scales, but decision ones', () => {
    const mixed = groupAgreement([...VIEWS, viewAnswer(answer('m', [6], [['p', 6, true]], 7))], 'mixed', BOOTSTRAP);
    expect(mixed.ci).toMatchObject({ weightedKappa: null, mad: null, icc: null, alphaWithJudge: null, alphaPhysicians: null });
    expect(mixed.ci!.agreement).not.toBeNull();
  });
});
