import { describe, expect, it } from 'vitest';
import { exactMean } from '../../../../scoring/exact-mean.js';
import { formatFixed } from '../../../../scoring/report/number-format.js';
import { pythonFloat } from '../../../../scoring/seed/python-float.js';
import { pythonFloatRepr, pythonNumberStr, pythonStr } from '../../../../scoring/seed/python-str.js';
import { parseSeedScore } from '../../../../scoring/seed/score-cell.js';

// Every expected value below is what CPython 3.11 printed for float(cell), str(json.loads(literal)), etc.
describe("Python's float() on score cells", () => {
  it.each<[unknown, number]>([
    ['4.', 4], ['4.0', 4], [' 4 ', 4], ['4e0', 4], ['+4', 4], ['0_4', 4], [true, 1], [false, 0],
    ['４', 4], ['٤', 4], ['४', 4], ['𝟒', 4], ['𝟜', 4], ['4\u3000', 4], ['\u00a04', 4], ['\u20074', 4], ['\u00854', 4], ['\u2028 2', 2],
    ['\t3\n', 3], ['3\u000b', 3], ['.5', 0.5], ['5.', 5], ['4.5e-1', 0.45], ['5.0000000000000001', 5], ['-0', -0], [4.5, 4.5],
    ['-1', -1], [-1, -1], ['6', 6], ['10', 10], ['1e1_0', 1e10], ['１_０', 10], ['٤٥', 45],
  ])('%j reads as %d', (cell, value) => {
    expect(pythonFloat(cell)).toBe(value);
  });

  it.each<[unknown]>([
    [''], [' '], [null], [undefined], ['1_'], ['_1'], ['1__0'], ['4\u001c'], ['\u001c4'], ['4\u200b'], ['\u180e4'], ['0x4'], ['.'], ['1e'],
    ['3 .5'], ['[4]'], ['4分'], ['４．５'], [[4]], [{ score: 4 }],
  ])('%j raises in Python, so it is no number', (cell) => {
    expect(pythonFloat(cell)).toBeUndefined();
  });

  it('reads nan and inf in any case, with a sign', () => {
    expect(pythonFloat('nan')).toBeNaN();
    expect(pythonFloat('NaN')).toBeNaN();
    expect(pythonFloat('inf')).toBe(Infinity);
    expect(pythonFloat('+Infinity')).toBe(Infinity);
    expect(pythonFloat('-INF')).toBe(-Infinity);
  });
});

describe('a score cell, as Aggregate.py parse_score reads it', () => {
  it.each<[unknown, number]>([
    ['4.', 4], [' 4 ', 4], ['+4', 4], ['0_4', 4], ['4e0', 4], [true, 1], [false, 0], ['４', 4], ['٤', 4], [4, 4], ['2.5', 2.5], [0, 0], ['-0', 0], ['5', 5],
  ])('%j is a valid %d', (cell, score) => {
    expect(parseSeedScore(cell)).toEqual({ score });
  });

  it.each<[unknown, string]>([
    [undefined, 'model_answer_score is missing'],
    [null, 'model_answer_score is null'],
    ['', 'model_answer_score is empty (judge call failed)'],
    ['-1', 'model_answer_score is -1 (no score found in the judge output)'],
    [-1, 'model_answer_score is -1 (no score found in the judge output)'],
    [Number.NaN, 'model_answer_score NaN is NaN'],
    ['nan', 'model_answer_score "nan" is NaN'],
    ['inf', 'model_answer_score "inf" is outside 0–5'],
    ['6', 'model_answer_score "6" is outside 0–5'],
    [5.0000000001, 'model_answer_score 5.0000000001 is outside 0–5'],
    ['-0.5', 'model_answer_score "-0.5" is outside 0–5'],
    ['[4]', 'model_answer_score "[4]" is not a number'],
    ['four', 'model_answer_score "four" is not a number'],
    [' ', 'model_answer_score " " is not a number'],
  ])('%j is invalid, never 0 (%s)', (cell, reason) => {
    expect(parseSeedScore(cell)).toEqual({ score: null, reason });
  });
});

describe("Python's str() of what json read", () => {
  it.each([
    ['5', '5'], ['5.0', '5.0'], ['5.00', '5.0'], ['1e2', '100.0'], ['1E2', '100.0'], ['-0', '0'], ['-0.0', '-0.0'], ['12.30', '12.3'],
    ['1e16', '1e+16'], ['1e15', '1000000000000000.0'], ['1e-5', '1e-05'], ['0.0001', '0.0001'], ['1.5e300', '1.5e+300'],
    ['123456789012345678901234', '123456789012345678901234'], ['NaN', 'nan'], ['Infinity', 'inf'], ['-Infinity', '-inf'],
  ])('number literal %s prints as %s', (literal, shown) => {
    expect(pythonNumberStr(literal)).toBe(shown);
  });

  it('float repr switches to exponents outside (-4, 16]', () => {
    expect([1e22, 1.5e-7, 0.1, 100, 2.5e16, -0.5, -1e-7, 123.456].map(pythonFloatRepr)).toEqual(['1e+22', '1.5e-07', '0.1', '100.0', '2.5e+16', '-0.5', '-1e-07', '123.456']);
  });

  it('other values', () => {
    expect([true, false, null, 'abc'].map((v) => pythonStr(v))).toEqual(['True', 'False', 'None', 'abc']);
    expect(pythonStr([1, 'a', null, true, { x: 1.5 }])).toBe("[1, 'a', None, True, {'x': 1.5}]");
  });
});

describe("the exact mean (Python's statistics.mean)", () => {
  it('[3.3, 4.1, 4.6] is 3.9999999999999996, not 4 as a float sum says, so not usable', () => {
    expect((3.3 + 4.1 + 4.6) / 3).toBe(4);
    expect(exactMean([3.3, 4.1, 4.6])).toBe(3.9999999999999996);
    expect(exactMean([2.8, 4.6, 4.6])).toBe(3.9999999999999996);
    expect(exactMean([3.8, 4.1, 4.1])).toBe(3.9999999999999996);
  });

  it('rounds once to the nearest double, which can be 4.0 from below', () => {
    // the exact mean is 4 − 1.48e-16, nearer to 4 than to the double below it
    expect(exactMean([3.9999999999999996, 4, 4])).toBe(4);
    expect(exactMean([0.1, 0.2, 0.3])).toBe(0.2);
    expect(exactMean([1, 2])).toBe(1.5);
    expect(exactMean([5])).toBe(5);
  });
});

describe("two decimals as Python's round(x, 2) then '.2f' shows them", () => {
  it.each([
    [3.125, '3.12'], [0.125, '0.12'], [85, '85.00'], [2.675, '2.67'], [12.5, '12.50'], [100 / 3, '33.33'], [200 / 3, '66.67'],
    [99.995, '100.00'], [0.005, '0.01'], [1.005, '1.00'], [0, '0.00'], [100, '100.00'],
  ])('%d → %s', (x, shown) => {
    expect(formatFixed(x, 2)).toBe(shown);
  });
});
