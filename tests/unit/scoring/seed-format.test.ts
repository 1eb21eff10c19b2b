import { describe, expect, it } from 'vitest';
import { parseSeedJson } from '../../../dataset/read-json.js';
import { parseSeedScore, readSeedQuestions, readSeedRun, writeSeedRuns } from '../../../scoring/seed-format.js';

const item = (groupCode: number, round: number, extra: Record<string, unknown> = {}) => ({
  category1: '医疗知识',
  category2: '基础',
  scene: '基础_药理',
  round,
  problem: `问题${groupCode}-${round}`,
  groupCode,
  sanswer: '参考',
  difficulty: '中',
  checklist: '核心需求：\n1. 甲',
  ...extra,
});

describe('parseSeedScore', () => {
  it.each([
    [4, 4],
    ['4', 4],
    [' 3 ', 3],
    ['2.5', 2.5],
    [0, 0],
    ['5', 5],
  ])('%j → %d', (raw, score) => {
    expect(parseSeedScore(raw)).toEqual({ score });
  });

  it.each([
    [undefined, 'model_answer_score is missing'],
    ['', 'model_answer_score is empty (judge call failed)'],
    [null, 'model_answer_score is empty (judge call failed)'],
    [Number.NaN, 'model_answer_score is empty (judge call failed)'],
    [-1, 'model_answer_score is -1 (no score found in the judge output)'],
    ['-1', 'model_answer_score is -1 (no score found in the judge output)'],
    ['6', 'model_answer_score "6" is outside 0–5'],
    [7, 'model_answer_score 7 is outside 0–5'],
    ['[4]', 'model_answer_score "[4]" is not a number'],
    ['four', 'model_answer_score "four" is not a number'],
    [true, 'model_answer_score true is not a number'],
  ])('%j → null (%s)', (raw, reason) => {
    expect(parseSeedScore(raw)).toEqual({ score: null, reason });
  });
});

describe('readSeedQuestions', () => {
  it('reads items, with NaN checklists and reference answers as none', () => {
    const data = parseSeedJson(
      JSON.stringify({ 医疗文本生成: [item(7, 1, { category1: '医疗文本生成', difficulty: undefined, sanswer: 'NAN_HERE', checklist: 'NAN_HERE' })] }).replace(/"NAN_HERE"/g, 'NaN'),
      'x.json',
    );
    const [q] = readSeedQuestions(data, 'x.json');
    expect(q).toMatchObject({ id: 'MTG-7-1', category: 'MTG', groupCode: 7, round: 1, sanswer: '', checklist: null, index: 0 });
    expect(q!.difficulty).toBeUndefined();
  });

  it('names file, row and field for bad input', () => {
    expect(() => readSeedQuestions({ 医疗知识: [item(1, 1), item(1, 0)] }, 'f.json')).toThrow('f.json: 医疗知识[1]: field "round" must be a positive integer, got 0');
    expect(() => readSeedQuestions({ 医疗知识: [item(1, 1, { problem: 5 })] }, 'f.json')).toThrow('f.json: 医疗知识[0]: field "problem" must be text, got 5');
    expect(() => readSeedQuestions({ 医疗知识: [item(1, 1, { difficulty: 'hard' })] }, 'f.json')).toThrow(/field "difficulty" must be 易, 中 or 难, got "hard"/);
    expect(() => readSeedQuestions({ 医疗知识: [item(1, 1), item(1, 1)] }, 'f.json')).toThrow('f.json: 医疗知识[1]: question MK-1-1 (groupCode + round) repeats f.json: 医疗知识[0]');
    expect(() => readSeedQuestions({ 医学: [] }, 'f.json')).toThrow(/f\.json: unknown category "医学"/);
    expect(() => readSeedQuestions([], 'f.json')).toThrow(/f\.json: expected an object/);
  });
});

describe('readSeedRun and writeSeedRuns', () => {
  const scored = {
    医疗知识: [
      item(1, 1, { model_answer: '答1', model_answer_score: '4', model_answer_judgement: '{"得分": "[4]"}' }),
      item(1, 2, { model_answer: '答2', model_answer_score: -1, model_answer_judgement: '无法判断' }),
      item(2, 1, { model_answer: '答3' }),
    ],
  };

  it('makes one record per item, invalid scores null with their reason', () => {
    const run = readSeedRun(scored, 'r1.json', { model: 'm', judgeRound: 0, templateVersion: 'upstream' });
    expect(run.questions.map((q) => q.id)).toEqual(['MK-1-1', 'MK-1-2', 'MK-2-1']);
    expect(run.records.map((r) => [r.questionId, r.score, r.invalidReason])).toEqual([
      ['MK-1-1', 4, undefined],
      ['MK-1-2', null, 'model_answer_score is -1 (no score found in the judge output)'],
      ['MK-2-1', null, 'model_answer_score is missing'],
    ]);
    expect(run.records[0]).toMatchObject({ model: 'm', sample: 0, judgeRound: 0, category: 'MK', difficulty: '中', answer: '答1', templateVersion: 'upstream' });
  });

  it('writes one file per judge round that reads back to the same scores', () => {
    const first = readSeedRun(scored, 'r1.json', { model: 'm', judgeRound: 0 });
    const second = first.records.map((r) => ({ ...r, judgeRound: 1, score: 5, judgement: 'again' }));
    const files = writeSeedRuns(first.questions, [...first.records, ...second.slice(0, 2)]);
    expect([...files.keys()]).toEqual([0, 1]);
    const round0 = files.get(0)!.医疗知识!;
    expect(round0.map((i) => i.model_answer_score)).toEqual([4, -1, -1]);
    expect(round0[0]).toMatchObject({ problem: '问题1-1', model_answer: '答1', model_answer_judgement: '{"得分": "[4]"}' });
    const round1 = files.get(1)!.医疗知识!;
    expect(round1.map((i) => i.model_answer_score)).toEqual([5, 5, '']);
    const reread = readSeedRun(JSON.parse(JSON.stringify(files.get(1))), 'r2.json', { model: 'm', judgeRound: 1 });
    expect(reread.records.map((r) => r.score)).toEqual([5, 5, null]);
  });

  it('refuses to mix models or samples in seed files, and records without a question', () => {
    const run = readSeedRun(scored, 'r1.json', { model: 'm', judgeRound: 0 });
    expect(() => writeSeedRuns(run.questions, [...run.records, { ...run.records[0]!, sample: 1 }])).toThrow(/one model's single sample/);
    expect(() => writeSeedRuns(run.questions.slice(1), run.records)).toThrow(/question MK-1-1 \(judge round 0\): no such question in the dataset/);
  });
});
