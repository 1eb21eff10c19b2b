import { describe, expect, it } from 'vitest';
import { planConversations } from '../../../dataset/conversations.js';
import type { Question } from '../../../dataset/schema.js';
import { generationKey, judgementKey } from '../../../campaign/keys.js';
import { count, emptyProgress, percentOf } from '../../../campaign/progress-model.js';

function q(category: Question['category'], groupCode: number, round: number, index: number): Question {
  return {
    id: `${category}-${groupCode}-${round}`,
    category,
    groupCode,
    round,
    index,
    category2: '',
    scene: '',
    problem: 'p',
    sanswer: 'a',
    checklist: null,
    source: {} as Question['source'],
  };
}

const QUESTIONS = [q('MR', 1, 1, 0), q('MK', 7, 2, 3), q('MK', 9, 1, 1), q('MK', 7, 1, 0), q('MTG', 2, 1, 0)];

describe('planConversations', () => {
  it('groups rounds in order and sorts conversations by category order, then file position', () => {
    expect(planConversations(QUESTIONS)).toEqual([
      { id: 'MK-7', category: 'MK', questionIds: ['MK-7-1', 'MK-7-2'] },
      { id: 'MK-9', category: 'MK', questionIds: ['MK-9-1'] },
      { id: 'MR-1', category: 'MR', questionIds: ['MR-1-1'] },
      { id: 'MTG-2', category: 'MTG', questionIds: ['MTG-2-1'] },
    ]);
  });

  it('filters by category, keeps whole conversations for a question filter, and caps the count', () => {
    expect(planConversations(QUESTIONS, { categories: ['MR', 'MTG'] }).map((c) => c.id)).toEqual(['MR-1', 'MTG-2']);
    expect(planConversations(QUESTIONS, { questionIds: ['MK-7-2'] })).toEqual([{ id: 'MK-7', category: 'MK', questionIds: ['MK-7-1', 'MK-7-2'] }]);
    expect(planConversations(QUESTIONS, { maxConversations: 2 }).map((c) => c.id)).toEqual(['MK-7', 'MK-9']);
  });
});

describe('keys', () => {
  it('are deterministic and distinct per sample, judge, template version and round', () => {
    const g = generationKey('c1', 'm', 'MK-7-1', 0);
    expect(g).toBe('c1/m/MK-7-1/s0');
    expect(judgementKey('c1', g, 'j', 'v1', 2)).toBe('c1/m/MK-7-1/s0/judge/j/v1/r2');
    const keys = new Set([judgementKey('c1', g, 'j', 'v1', 0), judgementKey('c1', g, 'j', 'v1', 1), judgementKey('c1', g, 'j', 'v2', 0), judgementKey('c1', g, 'k', 'v1', 0)]);
    expect(keys.size).toBe(4);
  });

  it('keep a judge-only campaign\'s judgements its own', () => {
    expect(judgementKey('c2', 'c1/m/MK-7-1/s0', 'j', 'v1', 0)).toBe('c2/from/c1/m/MK-7-1/s0/judge/j/v1/r0');
  });
});

describe('progress', () => {
  it('plans totals per category and counts finished calls', () => {
    const p = emptyProgress('m', { MK: 3, MR: 1 }, { samples: 3, judgeCalls: 6 }, 3);
    expect(p.generations.total).toBe(12);
    expect(p.judgements.total).toBe(72);
    expect(p.byCategory.MK).toEqual({ generations: { done: 0, failed: 0, skipped: 0, total: 9 }, judgements: { done: 0, failed: 0, skipped: 0, total: 54 } });
    count(p, 'MK', 'generations', 'done');
    count(p, 'MK', 'judgements', 'failed', 6);
    count(p, 'MK', 'judgements', 'skipped', 2);
    expect(p.byCategory.MK?.generations.done).toBe(1);
    expect(p.judgements.failed).toBe(6);
    expect(p.byCategory.MK?.judgements.skipped).toBe(2);
    expect(percentOf([p])).toBeCloseTo((9 / 84) * 100, 10);
    expect(percentOf([])).toBe(100);
  });
});
