import { describe, expect, it } from 'vitest';
import { aggregateScores } from '../../../../scoring/aggregate/aggregate.js';
import { readScoredFiles } from '../../../../scoring/seed/read-scored-files.js';

const item = (fields: Record<string, unknown>) => JSON.stringify({ category1: '医疗知识', category2: '基础', scene: 's', problem: 'q', sanswer: 'a', ...fields });
const read = (...texts: string[]) => readScoredFiles(texts.map((text, i) => ({ file: `run${i + 1}.json`, text })), { model: 'm' });

describe('readScoredFiles: questions as Aggregate.py identifies them', () => {
  it('round "1" and 1 are one question, 5.0 and 5 are two (the literal as written)', () => {
    const text = `{"医疗知识": [${item({ groupCode: 1, round: 1, model_answer_score: 4 })}, ${item({ groupCode: 1, round: '1', model_answer_score: 2 })},
      {"groupCode": 5.0, "round": 1, "problem": "x", "model_answer_score": 5}, {"groupCode": 5, "round": 1, "problem": "y", "model_answer_score": 1}]}`;
    const r = read(text);
    expect(r.questions.map((q) => q.id)).toEqual(['MK-1-1', 'MK-5.0-1', 'MK-5-1']);
    expect(r.records.map((x) => [x.questionId, x.score])).toEqual([['MK-1-1', 4], ['MK-1-1', 2], ['MK-5.0-1', 5], ['MK-5-1', 1]]);
    expect(r.warnings).toEqual(['run1.json: 医疗知识[1]: repeats the question of 医疗知识[0]; its score is added to that question, as Aggregate.py does']);
    const m = aggregateScores(r.records).models[0]!;
    // MK-1-1: mean(4, 2) = 3, not usable; the two groupCode-5 questions: 5 usable, 1 not
    expect(m.categories.MK).toMatchObject({ questions: 3, usable: 1 });
  });

  it('a question without groupCode or round is its problem text, across files too', () => {
    const r = read(
      `{"医疗推理": [{"problem": "P1", "model_answer_score": "5"}, {"round": 1, "problem": "P2", "model_answer_score": 4}]}`,
      `{"医疗推理": [{"problem": "P1", "model_answer_score": "3"}, {"round": 1, "problem": "P2", "model_answer_score": 4}]}`,
    );
    expect(r.questions.map((q) => [q.id, q.problem])).toEqual([['MR-problem-1', 'P1'], ['MR-problem-2', 'P2']]);
    expect(r.records.map((x) => [x.questionId, x.judgeRound, x.score])).toEqual([['MR-problem-1', 0, 5], ['MR-problem-2', 0, 4], ['MR-problem-1', 1, 3], ['MR-problem-2', 1, 4]]);
    expect(r.warnings).toEqual([
      'run1.json: 2 items (医疗推理[0], 医疗推理[1]): has no groupCode or no round: identified by its problem text, as Aggregate.py does',
      'run2.json: 2 items (医疗推理[0], 医疗推理[1]): has no groupCode or no round: identified by its problem text, as Aggregate.py does',
    ]);
  });

  it('English and unknown difficulties, unknown categories: read, each with a warning', () => {
    const r = read(`{"医疗知识": [${item({ groupCode: 1, round: 1, difficulty: 'Hard', model_answer_score: 5 })}, ${item({ groupCode: 2, round: 1, difficulty: 'easy', model_answer_score: 5 })}, ${item({ groupCode: 3, round: 1, difficulty: '很难', model_answer_score: 1 })}],
      "医学影像": [${item({ groupCode: 1, round: 1, model_answer_score: 4 })}]}`);
    expect(r.questions.map((q) => [q.id, q.category, q.difficulty])).toEqual([['MK-1-1', 'MK', '难'], ['MK-2-1', 'MK', '易'], ['MK-3-1', 'MK', '很难'], ['医学影像-1-1', '医学影像', undefined]]);
    expect(r.warnings).toEqual([
      'run1.json: 医疗知识[0]: difficulty "Hard" read as 难',
      'run1.json: 医疗知识[1]: difficulty "easy" read as 易',
      'run1.json: 医疗知识[2]: difficulty "很难" is not 易/中/难 (or Easy/Medium/Hard); kept as written',
      'run1.json: category "医学影像" is not one of 医疗知识, 医疗推理, 医疗语言理解, 医疗安全伦理, 医疗文本生成; its questions get a row of their own',
    ]);
    const result = aggregateScores(r.records);
    expect(result.categoryOrder).toEqual(['MK', '医学影像']);
    expect(result.models[0]!.categories['医学影像']).toMatchObject({ questions: 1, usable: 1, usability: 100 });
    expect(result.models[0]!.breakdowns.difficulty.map((b) => b.key)).toEqual(['易', '难', '(none)', '很难']);
  });

  it('a category key given twice keeps the last, as Python json does, and names both lines', () => {
    const text = `{\n"医疗知识": [${item({ groupCode: 1, round: 1, model_answer_score: 1 })}],\n"医疗推理": [],\n"医疗知识": [${item({ groupCode: 9, round: 1, model_answer_score: 5 })}]\n}`;
    const r = read(text);
    expect(r.questions.map((q) => q.id)).toEqual(['MK-9-1']);
    expect(r.warnings).toEqual(['run1.json: category key "医疗知识" is given twice (lines 2 and 4); the last one is read, as Python\'s json does']);
  });

  it('the mean is exact: [3.3, 4.1, 4.6] over three files is not usable', () => {
    const files = ['3.3', '4.1', '4.6'].map((s) => `{"医疗知识": [${item({ groupCode: 1, round: 1, model_answer_score: s })}]}`);
    const m = aggregateScores(read(...files).records).models[0]!;
    expect(m.overall).toMatchObject({ questions: 1, usable: 0, op: 0 });
  });

  it('text rounds key as written and break down by their text', () => {
    const r = read(`{"医疗知识": [${item({ groupCode: 'G', round: '2', model_answer_score: 5 })}, ${item({ groupCode: 'G', round: 'two', model_answer_score: 5 })}]}`);
    expect(r.questions.map((q) => [q.id, q.round])).toEqual([['MK-G-2', 2], ['MK-G-two', 'two']]);
    expect(aggregateScores(r.records).models[0]!.breakdowns.round.map((b) => b.key)).toEqual(['2', 'two']);
  });

  it('refuses what Aggregate.py cannot read, naming the file and the item', () => {
    expect(() => read('[1, 2]')).toThrow('run1.json: expected an object mapping category names to lists of items, got a list');
    expect(() => read('{"医疗知识": {"a": 1}}')).toThrow('run1.json: "医疗知识" must be a list of items, got an object');
    expect(() => read('{"医疗知识": [1]}')).toThrow('run1.json: 医疗知识[0]: item must be an object, got number 1');
    expect(() => read('{"医疗知识": [}')).toThrow('run1.json: not valid JSON (line 1, column 11: expected a value, found "}")');
  });
});
