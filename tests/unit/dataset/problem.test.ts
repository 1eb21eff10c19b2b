import { describe, expect, it } from 'vitest';
import { describeValue, formatProblem } from '../../../dataset/problem.js';

describe('formatProblem', () => {
  it('writes a whole-file problem as file: message', () => {
    expect(formatProblem({ file: 'a.json', message: 'contains no categories' })).toBe('a.json: contains no categories');
  });

  it('names category, index, groupCode, round and field when known', () => {
    const problem = { file: 'sample.json', category: '医疗知识', index: 3, groupCode: 5, round: '2a', field: 'round', message: 'must be a positive integer, got "2a"' };
    expect(formatProblem(problem)).toBe(
      'sample.json: 医疗知识[3] (groupCode 5, round "2a") field "round": must be a positive integer, got "2a"',
    );
  });

  it('leaves out what is unknown', () => {
    expect(formatProblem({ file: 'f', category: '医疗推理', message: 'has no items' })).toBe('f: 医疗推理: has no items');
    expect(formatProblem({ file: 'f', category: '医疗推理', groupCode: 'g7', field: 'round', message: 'm' })).toBe(
      'f: 医疗推理 (groupCode "g7") field "round": m',
    );
  });
});

describe('describeValue', () => {
  it('shows numbers including NaN as written and everything else as JSON', () => {
    expect([Number.NaN, 3, '3', null, [1], { a: true }].map(describeValue)).toEqual(['NaN', '3', '"3"', 'null', '[1]', '{"a":true}']);
  });

  it('cuts long values so that a problem stays one line', () => {
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(39)}…`);
  });
});
