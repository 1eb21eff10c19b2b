import { describe, expect, it } from 'vitest';
import type { CategoryCode } from '../../../../dataset/categories.js';
import { reviewCandidates } from '../../../../scoring/sampling/candidates.js';
import type { ScoreRecord } from '../../../../scoring/score-record.js';

const rec = (model: string, category: CategoryCode, sample: number, judgeRound: number, score: number | null, judge?: string): ScoreRecord => ({
  questionId: `${category}-1-1`,
  category,
  groupCode: 1,
  round: 1,
  model,
  sample,
  judgeRound,
  score,
  ...(judge ? { judge } : {}),
});

describe('reviewCandidates', () => {
  it('one candidate per model, question and sample, with the valid scores of every judge and round', () => {
    const out = reviewCandidates(
      [rec('a', 'MK', 0, 0, 4, 'j1'), rec('a', 'MK', 0, 1, null, 'j1'), rec('a', 'MK', 0, 0, 2, 'j2'), rec('a', 'MK', 1, 0, 5), rec('b', 'MK', 0, 0, null)],
      { mtgMode: 'score' },
      4,
    );
    expect(out).toEqual([
      { answerId: 'a/MK-1-1/0', category: 'MK', model: 'a', judgeScores: [4, 2], scaleMax: 5, threshold: 4 },
      { answerId: 'a/MK-1-1/1', category: 'MK', model: 'a', judgeScores: [5], scaleMax: 5, threshold: 4 },
      { answerId: 'b/MK-1-1/0', category: 'MK', model: 'b', judgeScores: [], scaleMax: 5, threshold: 4 },
    ]);
  });

  it('MTG in dimensions mode is on 0–7 and usable at 5, whatever the campaign threshold', () => {
    const [mtg] = reviewCandidates([rec('a', 'MTG', 0, 0, 6)], { mtgMode: 'dimensions' }, 3);
    expect(mtg).toMatchObject({ scaleMax: 7, threshold: 5 });
    const [score] = reviewCandidates([rec('a', 'MTG', 0, 0, 4)], { mtgMode: 'score' }, 3);
    expect(score).toMatchObject({ scaleMax: 5, threshold: 3 });
  });
});
