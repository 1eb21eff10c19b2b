import { describe, expect, it } from 'vitest';
import { aggregateScores } from '../../../../scoring/aggregate/aggregate.js';
import { filterQuery, filterRows, InvalidFilterError, parseFilters } from '../../../../scoring/explorer/filters.js';
import { categoryCounts, questionRows } from '../../../../scoring/explorer/question-rows.js';
import { packRow, unpackRow } from '../../../../scoring/explorer/row-codec.js';
import { failedCallReason, type ScoreRecord } from '../../../../scoring/score-record.js';

const question = (id: string, category: string, problem = `problem of ${id}`) => ({ id, category, groupCode: id, round: 1, problem });
const QUESTIONS = [question('MK-1-1', 'MK', '高血压的诊断标准'), question('MK-2-1', 'MK'), question('MR-1-1', 'MR'), question('MR-2-1', 'MR')];
const MODELS = ['a', 'b'];

function verdict(questionId: string, model: string, sample: number, judgeRound: number, score: number | null, invalidReason?: string): ScoreRecord {
  const q = QUESTIONS.find((x) => x.id === questionId)!;
  return { questionId, category: q.category, groupCode: q.groupCode, round: 1, model, sample, judgeRound, score, ...(invalidReason ? { invalidReason } : {}) };
}

const RECORDS: ScoreRecord[] = [
  // MK-1-1: a's rounds span 5 → 1 (a flip), b steady and usable
  verdict('MK-1-1', 'a', 0, 0, 5),
  verdict('MK-1-1', 'a', 0, 1, 1),
  verdict('MK-1-1', 'b', 0, 0, 4),
  verdict('MK-1-1', 'b', 0, 1, 4),
  // MK-2-1: a straddles the threshold by less than 2 points (3.5 → 4: still a flip), b has an unreadable verdict
  verdict('MK-2-1', 'a', 0, 0, 3.5),
  verdict('MK-2-1', 'a', 0, 1, 4),
  verdict('MK-2-1', 'b', 0, 0, 2),
  verdict('MK-2-1', 'b', 0, 1, null, 'no score found'),
  // MR-1-1: a's judge call failed once; b low
  verdict('MR-1-1', 'a', 0, 0, 5),
  verdict('MR-1-1', 'a', 0, 1, null, failedCallReason('refusal')),
  verdict('MR-1-1', 'b', 0, 0, 1),
  verdict('MR-1-1', 'b', 0, 1, 2),
  // MR-2-1: a near the threshold (3.25), no flip, b has no verdict at all (its answer failed)
  verdict('MR-2-1', 'a', 0, 0, 3),
  verdict('MR-2-1', 'a', 0, 1, 3.5),
];

const rows = questionRows({
  questions: QUESTIONS,
  records: RECORDS,
  models: MODELS,
  threshold: () => 4,
  failedAnswers: [{ questionId: 'MR-2-1', model: 'b' }],
  // the physician finds b's usable MK-1-1 answer not usable, and a's MR-1-1 usable as the judge does
  reviews: [
    { questionId: 'MK-1-1', model: 'b', sample: 0, usable: false },
    { questionId: 'MR-1-1', model: 'a', sample: 0, usable: true },
  ],
});
const cell = (id: string, model: string) => rows.find((r) => r.id === id)!.cells[MODELS.indexOf(model)]!;
const ids = (query: Record<string, string>) => filterRows(rows, MODELS, parseFilters(query, { models: MODELS, categories: ['MK', 'MR'] })).map((r) => r.id);

describe('explorer question rows', () => {
  it('each cell has the report\'s mean and usable decision, its band, counts and flags', () => {
    expect(cell('MK-1-1', 'a')).toEqual({ mean: 3, usable: false, band: 'near', judged: 2, invalid: 0, failed: 0, flip: true, reviews: 0, disagree: false });
    expect(cell('MK-1-1', 'b')).toEqual({ mean: 4, usable: true, band: 'near', judged: 2, invalid: 0, failed: 0, flip: false, reviews: 1, disagree: true });
    expect(cell('MK-2-1', 'a')).toMatchObject({ mean: 3.75, usable: false, flip: true });
    expect(cell('MK-2-1', 'b')).toMatchObject({ mean: 2, band: 'low', invalid: 1, failed: 0 });
    expect(cell('MR-1-1', 'a')).toMatchObject({ mean: 5, usable: true, band: 'high', invalid: 0, failed: 1, reviews: 1, disagree: false });
    expect(cell('MR-2-1', 'b')).toEqual({ mean: null, usable: false, band: 'none', judged: 0, invalid: 0, failed: 1, flip: false, reviews: 0, disagree: false });
  });

  it('usable per question agrees with the aggregate the report uses', () => {
    const result = aggregateScores(RECORDS, { questions: QUESTIONS, threshold: 4, bootstrap: { resamples: 10 } });
    for (const m of result.models) expect(rows.filter((r) => r.cells[MODELS.indexOf(m.model)]!.usable).length).toBe(m.overall.usable);
  });

  it('counts flagged questions per category', () => {
    expect(categoryCounts(rows)).toEqual({ MK: { questions: 2, flips: 2, disagreements: 1, invalid: 1, failed: 0 }, MR: { questions: 2, flips: 0, disagreements: 0, invalid: 0, failed: 2 } });
  });
});

describe('packed rows', () => {
  it('read back exactly as they were, every cell and flag', () => {
    const odd = { ...rows[0]!, cells: [{ ...rows[0]!.cells[0]!, mean: 3.9999999999999996 }, ...rows[0]!.cells.slice(1)] };
    for (const row of [...rows, odd, { ...rows[0]!, cells: [] }]) expect(unpackRow(packRow(row))).toEqual(row);
    expect(packRow(rows.find((r) => r.id === 'MR-2-1')!).cells).toBe('3.25|n|000|2|0|0|0;|-|000|0|0|1|0');
  });
});

describe('explorer filters', () => {
  it('select exactly the rows whose cells match, for one model or any', () => {
    expect(ids({})).toEqual(['MK-1-1', 'MK-2-1', 'MR-1-1', 'MR-2-1']);
    expect(ids({ category: 'MR' })).toEqual(['MR-1-1', 'MR-2-1']);
    expect(ids({ disagreement: 'rounds' })).toEqual(['MK-1-1', 'MK-2-1']);
    expect(ids({ disagreement: 'rounds', model: 'b' })).toEqual([]);
    expect(ids({ disagreement: 'physicians' })).toEqual(['MK-1-1']);
    expect(ids({ disagreement: 'any', category: 'MK', model: 'b' })).toEqual(['MK-1-1']);
    expect(ids({ failed: '1' })).toEqual(['MR-1-1', 'MR-2-1']);
    expect(ids({ failed: '0' })).toEqual(['MK-1-1', 'MK-2-1', 'MR-1-1', 'MR-2-1']);
    expect(ids({ invalid: '1' })).toEqual(['MK-2-1']);
    expect(ids({ band: 'none' })).toEqual(['MR-2-1']);
    expect(ids({ band: 'high', model: 'a' })).toEqual(['MR-1-1']);
    expect(ids({ q: 'mr-2' })).toEqual(['MR-2-1']);
    expect(ids({ q: '诊断标准' })).toEqual(['MK-1-1']);
  });

  it('refuse unknown values, naming the parameter', () => {
    const known = { models: MODELS, categories: ['MK'] };
    for (const [query, field] of [[{ band: 'middle' }, 'band'], [{ model: 'c' }, 'model'], [{ category: 'MR' }, 'category'], [{ disagreement: 'yes' }, 'disagreement'], [{ invalid: 'true' }, 'invalid'], [{ q: 'x'.repeat(201) }, 'q']] as const) {
      expect(() => parseFilters(query, known)).toThrow(InvalidFilterError);
      expect(() => parseFilters(query, known)).toThrow(new RegExp(`^${field}:`));
    }
  });

  it('write themselves back as a query string in a fixed order (the URL of a filtered list)', () => {
    const filters = parseFilters({ q: '血压 高', invalid: '1', model: 'b', category: 'MK', disagreement: 'any' }, { models: MODELS, categories: ['MK'] });
    expect(filterQuery(filters)).toBe('?category=MK&model=b&disagreement=any&q=%E8%A1%80%E5%8E%8B+%E9%AB%98&invalid=1');
    expect(parseFilters(Object.fromEntries(new URLSearchParams(filterQuery(filters))), { models: MODELS, categories: ['MK'] })).toEqual(filters);
    expect(filterQuery({})).toBe('');
  });
});
