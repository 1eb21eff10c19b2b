import { describe, expect, it } from 'vitest';
import { aggregateScores } from '../../../scoring/aggregate/aggregate.js';
import { applyPanelRule, combinePanel } from '../../../scoring/judge-panel.js';
import { krippendorffAlphaInterval } from '../../../scoring/krippendorff.js';
import { KRIPPENDORFF_2011_UNITS } from './krippendorff-2011.js';

describe('combinePanel', () => {
  const panel = { a: 2, b: 5, c: 4, d: null };

  it('combines valid scores by mean, median or min, leaving out judges without a score', () => {
    expect(combinePanel(panel, 'mean')).toBeCloseTo(11 / 3, 12);
    expect(combinePanel(panel, 'median')).toBe(4);
    expect(combinePanel({ a: 2, b: 5, c: 4, e: 3 }, 'median')).toBe(3.5);
    expect(combinePanel(panel, 'min')).toBe(2);
    expect(combinePanel(panel)).toBeCloseTo(11 / 3, 12);
  });

  it('has no score when no judge has one', () => {
    expect(combinePanel({ a: null, b: null }, 'mean')).toBeNull();
    expect(combinePanel({}, 'min')).toBeNull();
  });
});

describe('krippendorffAlphaInterval', () => {
  it('matches a hand computation', () => {
    // values 1,2 | 3,3 → n = 4. Do = (2 / 1) / 4 = 0.5; De = 2·(1+4+4+1+1+0) / (4·3) = 22/12; α = 1 − 0.5 / (22/12) = 8/11
    expect(krippendorffAlphaInterval([[1, 2], [3, 3]])).toBeCloseTo(8 / 11, 12);
  });

  it("matches Krippendorff's textbook example (4 observers, 12 units, missing values): interval α = 0.849", () => {
    expect(krippendorffAlphaInterval(KRIPPENDORFF_2011_UNITS)).toBeCloseTo(0.849, 3);
  });

  it('is 1 for perfect agreement and undefined without variation or pairs', () => {
    expect(krippendorffAlphaInterval([[1, 1], [4, 4, 4], [2, null]])).toBe(1);
    expect(krippendorffAlphaInterval([[3, 3], [3, 3]])).toBeNull();
    expect(krippendorffAlphaInterval([[3, null], [4]])).toBeNull();
  });
});

describe('panel rule in aggregation', () => {
  const base = { category: 'MK' as const, groupCode: 1, round: 1, model: 'm', sample: 0, judgeRound: 0 };
  // two judges per answer: j1 generous, j2 harsh; q1 gets (5, 3) → mean 4 usable, min 3 not usable
  const records = [
    { ...base, questionId: 'MK-1-1', judge: 'j1', score: 5 },
    { ...base, questionId: 'MK-1-1', judge: 'j2', score: 3 },
    { ...base, questionId: 'MK-2-1', groupCode: 2, judge: 'j1', score: 4 },
    { ...base, questionId: 'MK-2-1', groupCode: 2, judge: 'j2', score: null, invalidReason: 'x' },
  ];

  it('combines the judges per answer and round, leaving out invalid ones', () => {
    const combined = applyPanelRule(records, 'min');
    expect(combined.map((r) => [r.questionId, r.score, r.judge])).toEqual([
      ['MK-1-1', 3, 'panel(min)'],
      ['MK-2-1', 4, 'panel(min)'],
    ]);
  });

  it('decides usability on the panel score but keeps per-judge counts', () => {
    const min = aggregateScores(records, { panelRule: 'min' }).models[0]!;
    const mean = aggregateScores(records, { panelRule: 'mean' }).models[0]!;
    expect(min.overall.usable).toBe(1);
    expect(mean.overall.usable).toBe(2);
    expect(min.counts.judges).toEqual(['j1', 'j2']);
    expect(min.invalid.invalid).toBe(1);
  });
});
