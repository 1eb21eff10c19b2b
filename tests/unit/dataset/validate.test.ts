import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../dataset/problem.js';
import { validateDataset } from '../../../dataset/validate.js';
import { knowledgeItem } from './fixtures.js';

const FILE = 'test.json';

function problemLines(data: unknown): string[] {
  return validateDataset(data, FILE).problems.map(formatProblem);
}

describe('validateDataset: file structure', () => {
  it.each([
    ['a list', [knowledgeItem()]],
    ['null', null],
    ['"text"', 'text'],
  ])('rejects a top level that is %s', (kind, data) => {
    expect(problemLines(data)).toEqual([
      `test.json: must be an object mapping category names to lists of items, got ${kind}`,
    ]);
  });

  it('rejects a file without categories', () => {
    expect(problemLines({})).toEqual(['test.json: contains no categories']);
  });

  it('rejects unknown categories, empty lists and non-lists, and still checks the good categories', () => {
    const result = validateDataset(
      { MK: [knowledgeItem()], 医疗推理: [], 医疗安全伦理: { 0: knowledgeItem() }, 医疗知识: [knowledgeItem()] },
      FILE,
    );
    expect(result.problems.map(formatProblem)).toEqual([
      'test.json: MK: unknown category; expected one of 医疗知识, 医疗推理, 医疗语言理解, 医疗安全伦理, 医疗文本生成',
      'test.json: 医疗推理: has no items',
      'test.json: 医疗安全伦理: must be a list of items, got an object',
    ]);
    expect(result.questions.map((q) => q.id)).toEqual(['MK-1-1']);
  });

  it('rejects an item that is not an object', () => {
    expect(problemLines({ 医疗知识: [knowledgeItem(), 42] })).toEqual(['test.json: 医疗知识[1]: must be an object, got 42']);
  });
});

describe('validateDataset: fields', () => {
  it.each(['category1', 'category2', 'scene', 'round', 'problem', 'groupCode', 'sanswer'])(
    'reports a missing %s',
    (field) => {
      const item: Record<string, unknown> = knowledgeItem();
      delete item[field];
      const [problem, ...rest] = validateDataset({ 医疗知识: [item] }, FILE).problems;
      expect(rest).toEqual([]);
      expect(problem).toMatchObject({ file: FILE, category: '医疗知识', index: 0, field, message: 'is missing' });
    },
  );

  it.each([
    ['category1', 7, 'must be a string, got 7'],
    ['category2', null, 'must be a string, got null'],
    ['scene', ['a'], 'must be a string, got ["a"]'],
    ['problem', '  \n ', 'must be non-empty text, got "  \\n "'],
    ['problem', 12, 'must be non-empty text, got 12'],
    ['round', '2a', 'must be a positive integer, got "2a"'],
    ['round', '2', 'must be a positive integer, got "2"'],
    ['round', 0, 'must be a positive integer, got 0'],
    ['round', 1.5, 'must be a positive integer, got 1.5'],
    ['groupCode', 2.5, 'must be an integer or a non-empty string, got 2.5'],
    ['groupCode', ' ', 'must be an integer or a non-empty string, got " "'],
    ['groupCode', null, 'must be an integer or a non-empty string, got null'],
    ['sanswer', { text: 'x' }, 'must be text, a number, or NaN/null for none, got {"text":"x"}'],
    ['difficulty', '困难', 'must be one of 易, 中, 难, got "困难"'],
    ['difficulty', Number.NaN, 'must be one of 易, 中, 难, got NaN'],
    ['checklist', 3, 'must be text, or NaN/null for none, got 3'],
    ['checklist', ['核心需求'], 'must be text, or NaN/null for none, got ["核心需求"]'],
    ['checklist', { a: 1 }, 'must be text, or NaN/null for none, got {"a":1}'],
  ])('reports %s = %j', (field, value, message) => {
    const result = validateDataset({ 医疗知识: [knowledgeItem({ [field]: value })] }, FILE);
    expect(result.problems).toEqual([expect.objectContaining({ field, message })]);
    expect(result.questions).toEqual([]);
  });

  it('formats a field problem with its location', () => {
    const items = [knowledgeItem(), knowledgeItem({ round: 2 }), knowledgeItem({ groupCode: 5, round: '2a' })];
    expect(problemLines({ 医疗知识: items })).toEqual([
      'test.json: 医疗知识[2] (groupCode 5, round "2a") field "round": must be a positive integer, got "2a"',
    ]);
  });

  it('reports every problem of every item, not just the first', () => {
    const items = [
      knowledgeItem({ problem: '', difficulty: 'hard' }),
      knowledgeItem({ groupCode: 2 }),
      knowledgeItem({ groupCode: 3, category1: '医疗推理', checklist: 1 }),
    ];
    expect(problemLines({ 医疗知识: items })).toEqual([
      'test.json: 医疗知识[0] (groupCode 1, round 1) field "problem": must be non-empty text, got ""',
      'test.json: 医疗知识[0] (groupCode 1, round 1) field "difficulty": must be one of 易, 中, 难, got "hard"',
      'test.json: 医疗知识[2] (groupCode 3, round 1) field "checklist": must be text, or NaN/null for none, got 1',
      'test.json: 医疗知识[2] (groupCode 3, round 1) field "category1": must be 医疗知识 (the category it is listed under), got "医疗推理"',
    ]);
  });

  it('accepts 一般语言理解 as category1 of 医疗语言理解, as the public file has it, but not elsewhere', () => {
    const mlu = knowledgeItem({ category1: '一般语言理解' });
    expect(validateDataset({ 医疗语言理解: [mlu] }, FILE).problems).toEqual([]);
    expect(problemLines({ 医疗知识: [mlu] })).toEqual([
      'test.json: 医疗知识[0] (groupCode 1, round 1) field "category1": must be 医疗知识 (the category it is listed under), got "一般语言理解"',
    ]);
    expect(problemLines({ 医疗语言理解: [knowledgeItem({ category1: '医疗知识' })] })).toEqual([
      'test.json: 医疗语言理解[0] (groupCode 1, round 1) field "category1": must be 医疗语言理解 or 一般语言理解 (the category it is listed under), got "医疗知识"',
    ]);
  });

  it.each<[unknown, unknown]>([
    [Number.NaN, null],
    ['', null],
    ['  \n\t', Number.NaN],
    [null, '   '],
  ])('requires a reference answer or a checklist to grade against (sanswer %j, checklist %j)', (sanswer, checklist) => {
    const result = validateDataset({ 医疗知识: [knowledgeItem({ sanswer, checklist })] }, FILE);
    expect(result.problems.map(formatProblem)).toEqual([
      'test.json: 医疗知识[0] (groupCode 1, round 1) field "sanswer": has no reference answer and the item has no checklist, so nothing to grade against',
    ]);
  });
});

describe('validateDataset: conversations', () => {
  it('reports a duplicate (groupCode, round), including the same number written as a string', () => {
    const items = [knowledgeItem(), knowledgeItem({ round: 2 }), knowledgeItem({ round: 2 }), knowledgeItem({ groupCode: '1' })];
    expect(problemLines({ 医疗知识: items })).toEqual([
      'test.json: 医疗知识[2] (groupCode 1, round 2) field "round": duplicate (groupCode, round): same as 医疗知识[1]',
      'test.json: 医疗知识[3] (groupCode "1", round 1) field "round": duplicate (groupCode, round): same as 医疗知识[0]',
    ]);
  });

  it('allows the same (groupCode, round) in different categories', () => {
    const data = { 医疗知识: [knowledgeItem()], 医疗推理: [knowledgeItem({ category1: '医疗推理' })] };
    expect(validateDataset(data, FILE).problems).toEqual([]);
  });

  it('reports conversations whose rounds skip a number or do not start at 1', () => {
    const items = [
      knowledgeItem({ groupCode: 1, round: 1 }),
      knowledgeItem({ groupCode: 1, round: 3 }),
      knowledgeItem({ groupCode: 2, round: 2 }),
      knowledgeItem({ groupCode: 3, round: 2 }),
      knowledgeItem({ groupCode: 3, round: 1 }),
    ];
    expect(problemLines({ 医疗知识: items })).toEqual([
      'test.json: 医疗知识 (groupCode 1) field "round": conversation rounds must run 1..2 without gaps, got 1, 3',
      'test.json: 医疗知识 (groupCode 2) field "round": conversation rounds must run 1..1 without gaps, got 2',
    ]);
  });

  it('does not report a gap left by a round whose item is itself invalid', () => {
    const items = [knowledgeItem(), knowledgeItem({ round: 2, problem: ' ' }), knowledgeItem({ round: 3 })];
    expect(problemLines({ 医疗知识: items })).toEqual([
      'test.json: 医疗知识[1] (groupCode 1, round 2) field "problem": must be non-empty text, got " "',
    ]);
  });
});

describe('validateDataset: questions and summary', () => {
  it('turns items into questions, keeping the source item and its position', () => {
    const first = knowledgeItem({ model_answer: 'kept as is' });
    const second = knowledgeItem({ round: 2, checklist: Number.NaN, sanswer: 131 });
    const result = validateDataset({ 医疗知识: [first, second] }, FILE);
    expect(result.problems).toEqual([]);
    expect(result.questions).toEqual([
      {
        id: 'MK-1-1',
        category: 'MK',
        groupCode: 1,
        round: 1,
        category2: '疾病相关',
        scene: '疾病相关_疾病综述',
        problem: '高血压的诊断标准是什么？',
        sanswer: '非同日三次测量诊室血压，收缩压≥140 mmHg和/或舒张压≥90 mmHg。',
        difficulty: '易',
        checklist: '核心需求：\n1. 内容要求：给出140/90 mmHg的界值。',
        index: 0,
        source: first,
      },
      expect.objectContaining({ id: 'MK-1-2', sanswer: '131', checklist: null, index: 1 }),
    ]);
    expect(result.questions[0]?.source).toBe(first);
  });

  it('maps absent and null checklists to null, NaN answers to "" and leaves out an absent difficulty', () => {
    const bare = knowledgeItem();
    delete bare.checklist;
    delete bare.difficulty;
    const items = [bare, knowledgeItem({ round: 2, checklist: null }), knowledgeItem({ round: 3, sanswer: Number.NaN })];
    const [absent, nullChecklist, noAnswer] = validateDataset({ 医疗知识: items }, FILE).questions;
    expect(absent?.checklist).toBeNull();
    expect(absent).not.toHaveProperty('difficulty');
    expect(nullChecklist?.checklist).toBeNull();
    expect(noAnswer?.sanswer).toBe('');
    expect(noAnswer?.checklist).toBe('核心需求：\n1. 内容要求：给出140/90 mmHg的界值。');
  });

  it('counts questions and conversations per category code over the valid questions only', () => {
    const data = {
      医疗知识: [knowledgeItem(), knowledgeItem({ round: 2 }), knowledgeItem({ groupCode: 2 }), knowledgeItem({ groupCode: 3, round: 0 })],
      医疗文本生成: [knowledgeItem({ category1: '医疗文本生成', groupCode: 'g1' })],
    };
    expect(validateDataset(data, FILE).summary).toEqual({
      MK: { questions: 3, conversations: 2 },
      MR: { questions: 0, conversations: 0 },
      MLU: { questions: 0, conversations: 0 },
      MSE: { questions: 0, conversations: 0 },
      MTG: { questions: 1, conversations: 1 },
      total: { questions: 4, conversations: 3 },
    });
  });
});
