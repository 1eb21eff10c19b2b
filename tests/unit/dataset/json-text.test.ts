import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../../dataset/json-text.js';

describe('parseJsonText', () => {
  it('reads what JSON.parse reads, plus NaN and ±Infinity as Python json does', () => {
    const text = '{"a": [1, -2.5e3, "x\\u00e9\\n", true, false, null, {}], "b": NaN, "c": -Infinity, "d": Infinity}';
    const { value } = parseJsonText(text, 'f.json');
    expect(value).toEqual({ a: [1, -2500, 'xé\n', true, false, null, {}], b: Number.NaN, c: -Infinity, d: Infinity });
  });

  it('keeps each number as written', () => {
    const json = parseJsonText('{"g": 5.0, "r": 5, "list": [1e2]}', 'f.json');
    const v = json.value as { list: unknown[] };
    expect(json.numberLiteral(v, 'g')).toBe('5.0');
    expect(json.numberLiteral(v, 'r')).toBe('5');
    expect(json.numberLiteral(v.list, 0)).toBe('1e2');
  });

  it('reports keys given twice with both lines, keeping the last value at the first place', () => {
    const json = parseJsonText('{\n"x": 1,\n"y": {"k": 1,\n"k": 2},\n"x": 3\n}', 'f.json');
    expect(json.value).toEqual({ x: 3, y: { k: 2 } });
    expect(Object.keys(json.value as object)).toEqual(['x', 'y']);
    expect(json.duplicates).toEqual([
      { path: 'y', key: 'k', firstLine: 3, line: 4 },
      { path: '(top level)', key: 'x', firstLine: 2, line: 5 },
    ]);
  });

  it('treats "__proto__" as an ordinary key', () => {
    const value = parseJsonText('{"__proto__": {"polluted": 1}}', 'f.json').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses deep nesting with where it happened, instead of overflowing the stack', () => {
    const deep = `{"a": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect(() => parseJsonText(deep, 'deep.json')).toThrow(/^deep\.json: not valid JSON \(line 1, column \d+: nested deeper than 256 levels at a(\[0\])+\)$/);
  });

  it.each([
    ['', 'line 1, column 1: the file is empty'],
    ['{"a": 1,}', 'line 1, column 9: expected a key in double quotes, found "}"'],
    ["{'a': 1}", 'line 1, column 2: expected a key in double quotes, found "\'a\': 1}"'],
    ['{"a": 01}', 'line 1, column 8: expected "," or "}" in an object, found "1}"'],
    ['[1] [2]', 'line 1, column 5: unexpected "[2]" after the end of the JSON value'],
    ['"a\nb"', 'line 1, column 3: a control character inside a string must be escaped'],
    ['// comment\n{}', 'line 1, column 1: expected a value, found "// comment\\n{"'],
  ])('%j is an error naming line and column', (text, message) => {
    expect(() => parseJsonText(text, 'f.json')).toThrow(`f.json: not valid JSON (${message})`);
  });

  it('accepts a leading byte-order mark and CRLF line ends', () => {
    expect(parseJsonText('\ufeff{"a":\r\n1}', 'f.json').value).toEqual({ a: 1 });
  });
});
