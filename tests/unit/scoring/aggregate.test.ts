import { describe, expect, it } from 'vitest';
import type { CategoryCode } from '../../../dataset/categories.js';
import { aggregateScores } from '../../../scoring/aggregate/aggregate.js';
import { placementOf, type QuestionMeta, type ScoreRecord } from '../../../scoring/score-record.js';

const question = (category: CategoryCode, groupCode: number, round: number, category2: string, difficulty?: string): QuestionMeta => ({
  id: `${category}-${groupCode}-${round}`,
  category,
  groupCode,
  round,
  category2,
  scene: `${category2}-scene`,
  ...(difficulty ? { difficulty } : {}),
});

const DATASET = [
  question('MK', 1, 1, 'A', '易'),
  question('MK', 1, 2, 'A', '中'),
  question('MK', 2, 1, 'B', '难'),
  question('MR', 1, 1, 'C'),
  question('MSE', 1, 1, 'D'),
];

/** scores[sample][judgeRound]; judge round r is rendered with template v{r+1} */
function records(model: string, q: QuestionMeta, scores: (number | null)[][]): ScoreRecord[] {
  return scores.flatMap((rounds, sample) =>
    rounds.map((score, judgeRound) => ({
      ...placementOf(q),
      model,
      sample,
      judgeRound,
      score,
      templateVersion: `v${judgeRound + 1}`,
      ...(score === null ? { invalidReason: 'no score found' } : {}),
    })),
  );
}

const [mk11, mk12, mk21, mr11] = DATASET;
const M1 = [
  ...records('m1', mk11!, [[4, 5], [3, 5]]), // mean 17/4 = 4.25 → usable
  ...records('m1', mk12!, [[5, null], [null, null]]), // only one valid score, 5 → usable
  ...records('m1', mk21!, [[null, null], [null, null]]), // no valid score
  ...records('m1', mr11!, [[3, 2]]), // one sample, mean 2.5 → not usable
]; // MSE-1-1 has no record at all
const M2 = records('m2', mk11!, [[5]]);

describe('aggregateScores: hand-computed case', () => {
  const result = aggregateScores([...M1, ...M2], { questions: DATASET });
  const m1 = result.models.find((m) => m.model === 'm1')!;

  it('counts every dataset question; no valid score means not usable, reported apart', () => {
    expect(result.questions).toBe(5);
    expect(m1.overall).toMatchObject({ questions: 5, usable: 2, noValidScore: 2, op: 40 });
    expect(m1.categories.MK).toMatchObject({ questions: 3, usable: 2, noValidScore: 1, usability: (2 / 3) * 100 });
    expect(m1.categories.MR).toMatchObject({ questions: 1, usable: 0, noValidScore: 0, usability: 0 });
    expect(m1.categories.MSE).toMatchObject({ questions: 1, usable: 0, noValidScore: 1, usability: 0 });
    expect(m1.categories.MLU).toBeUndefined();
  });

  it('reports every model over the same questions', () => {
    expect(result.models.map((m) => m.model)).toEqual(['m1', 'm2']);
    expect(result.models[1]!.overall).toMatchObject({ questions: 5, usable: 1, noValidScore: 4, op: 20 });
  });

  it('without a dataset, measures over the questions that appear in the records', () => {
    const alone = aggregateScores(M1).models[0]!;
    expect(alone.overall).toMatchObject({ questions: 4, usable: 2, noValidScore: 1, op: 50 });
    expect(alone.categories.MSE).toBeUndefined();
  });

  it('gives the per-response view: each (question, sample) averaged over judge rounds', () => {
    // (MK-1-1,0) 4.5 ✓  (MK-1-1,1) 4 ✓  (MK-1-2,0) 5 ✓  (MK-1-2,1) —  (MK-2-1,0) —  (MK-2-1,1) —  (MR-1-1,0) 2.5 ✗
    expect(m1.responses).toEqual({ responses: 7, usable: 3, noValidScore: 3, usability: (3 / 7) * 100 });
  });

  it('breaks usability down by category2, difficulty, scene and turn', () => {
    const row = (key: string, questions: number, usable: number, noValidScore: number) => ({ key, questions, usable, noValidScore, usability: (usable / questions) * 100 });
    expect(m1.breakdowns.category2).toEqual([row('A', 2, 2, 0), row('B', 1, 0, 1), row('C', 1, 0, 0), row('D', 1, 0, 1)]);
    expect(m1.breakdowns.difficulty).toEqual([row('易', 1, 1, 0), row('中', 1, 1, 0), row('难', 1, 0, 1), row('(none)', 2, 0, 1)]);
    expect(m1.breakdowns.round).toEqual([row('1', 4, 1, 2), row('2', 1, 1, 0)]);
    expect(m1.breakdowns.scene.map((r) => r.key)).toEqual(['A-scene', 'B-scene', 'C-scene', 'D-scene']);
  });

  it('measures judge self-consistency', () => {
    // spreads across rounds: (MK-1-1,0) [4,5] → 0.5; (MK-1-1,1) [3,5] → 1; (MR-1-1,0) [3,2] → 0.5
    // per-round decisions: MK-1-1 r0 (4+3)/2 = 3.5 ✗, r1 5 ✓ → flips; MR-1-1 3 ✗, 2 ✗ → stable; MK-1-2 has one round only
    expect(m1.consistency).toEqual({ answersCompared: 3, meanStdDev: 2 / 3, questionsCompared: 2, flipped: 1, flipRate: 50 });
  });

  it('counts invalid scores per template and reason, and summarises the scores', () => {
    expect(m1.invalid).toEqual({
      records: 14,
      invalid: 7,
      rate: 50,
      byTemplate: [
        { templateVersion: 'v1', records: 7, invalid: 3, rate: (3 / 7) * 100 },
        { templateVersion: 'v2', records: 7, invalid: 4, rate: (4 / 7) * 100 },
      ],
      reasons: [{ reason: 'no score found', count: 7 }],
    });
    expect(m1.counts).toEqual({ records: 14, samples: 2, judgeRounds: 2, judges: [] });
    expect(m1.scoreHistogram).toEqual([
      { score: 2, count: 1 },
      { score: 3, count: 2 },
      { score: 4, count: 1 },
      { score: 5, count: 3 },
    ]);
    expect(m1.agreement).toBeUndefined();
  });

  it('applies the threshold, per category where given', () => {
    expect(aggregateScores(M1, { questions: DATASET, threshold: 2.5 }).models[0]!.overall.usable).toBe(3);
    const perCategory = aggregateScores(M1, { questions: DATASET, categoryThresholds: { MR: 2, MK: 4.5 } }).models[0]!;
    expect(perCategory.categories.MK!.usable).toBe(1); // 4.25 < 4.5 ≤ 5
    expect(perCategory.categories.MR!.usable).toBe(1);
  });

  it('refuses records for questions outside the given dataset', () => {
    expect(() => aggregateScores(M1, { questions: DATASET.slice(1) })).toThrow(/record of model m1 is for question MK-1-1, which is not in the dataset/);
  });
});

describe('aggregateScores: judge panels', () => {
  it('averages over judges and measures their agreement with Krippendorff’s alpha', () => {
    const judged = (judge: string, q: QuestionMeta, score: number): ScoreRecord => ({ ...records('m', q, [[score]])[0]!, judge });
    const result = aggregateScores([judged('j1', mk11!, 4), judged('j2', mk11!, 5), judged('j1', mk21!, 2), judged('j2', mk21!, 2)]).models[0]!;
    expect(result.overall).toMatchObject({ questions: 2, usable: 1 });
    expect(result.counts.judges).toEqual(['j1', 'j2']);
    // units (4,5) and (2,2): n = 4, Do = 2/4, De = 2·(1+4+4+9+9+0)/12 = 54/12, α = 1 − 0.5/4.5 = 8/9
    expect(result.agreement!.alpha).toBeCloseTo(8 / 9, 12);
    expect(result.agreement!.answersCompared).toBe(2);
  });
});

describe('aggregateScores: bootstrap intervals', () => {
  const many = (n: number, usable: number): ScoreRecord[] =>
    Array.from({ length: n }, (_, i) => records('m', question('MK', i + 1, 1, 'A'), [[i < usable ? 5 : 1]])[0]!);

  it('is reproducible for a seed and changes with it', () => {
    // few resamples, so that the interpolated quantiles do not land on the same grid point by chance
    const a = aggregateScores(many(40, 17), { bootstrap: { seed: 7, resamples: 25 } }).models[0]!;
    const b = aggregateScores(many(40, 17), { bootstrap: { seed: 7, resamples: 25 } }).models[0]!;
    const c = aggregateScores(many(40, 17), { bootstrap: { seed: 8, resamples: 25 } }).models[0]!;
    expect(a.overall.ci).toEqual(b.overall.ci);
    expect(c.overall.ci).not.toEqual(a.overall.ci);
  });

  it('is degenerate when all or none are usable, and brackets the estimate otherwise', () => {
    expect(aggregateScores(many(10, 10)).models[0]!.overall.ci).toEqual({ low: 100, high: 100 });
    expect(aggregateScores(many(10, 0)).models[0]!.categories.MK!.ci).toEqual({ low: 0, high: 0 });
  });

  it('has about the normal-approximation width for a large sample', () => {
    // 200 questions, half usable: 50 ± 1.96·sqrt(0.25/200)·100 ≈ 50 ± 6.9
    const { ci } = aggregateScores(many(200, 100), { bootstrap: { resamples: 2000 } }).models[0]!.overall;
    expect(ci.low).toBeGreaterThan(41);
    expect(ci.low).toBeLessThan(46);
    expect(ci.high).toBeGreaterThan(54);
    expect(ci.high).toBeLessThan(59);
  });
});
