/**
 * A JSON reader that reads what Python's `json` module reads — strict JSON plus the bare tokens `NaN`, `Infinity`
 * and `-Infinity` that pandas writes — and keeps what `JSON.parse` throws away: where each object key stands
 * (so a key given twice can be reported with both lines), and each number as written (`5.0` and `5` are one
 * number to JavaScript but different text to Python's `str()`). Nesting is bounded, so a hostile file is an
 * error naming where it went too deep, not a stack overflow.
 */

export interface DuplicateKey {
  /** where the object stands, e.g. `医疗知识[3]`, or `(top level)` */
  path: string;
  key: string;
  firstLine: number;
  line: number;
}

export interface JsonText {
  value: unknown;
  /** keys given more than once in one object; like Python's json, the last value is kept, at the first one's place */
  duplicates: DuplicateKey[];
  /** the number as written in the file at `container[key]`, when that member is a number */
  numberLiteral(container: object, key: string | number): string | undefined;
  /** line of an object member's key */
  keyLine(container: object, key: string): number | undefined;
}

export const DEFAULT_MAX_DEPTH = 256;

export class JsonTextError extends Error {}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonText(text: string, file: string, options: { maxDepth?: number } = {}): JsonText {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const literals = new WeakMap<object, Map<string | number, string>>();
  const keyLines = new WeakMap<object, Map<string, number>>();
  const duplicates: DuplicateKey[] = [];
  // a leading byte-order mark is tolerated: editors add it, and it carries no content
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  const fail = (message: string, at = pos): never => {
    const before = text.slice(0, at);
    const l = before.split('\n').length;
    const col = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new JsonTextError(`${file}: not valid JSON (line ${l}, column ${col}: ${message})`);
  };
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (!WS.has(c)) return;
      if (c === 0x0a) line += 1;
      pos += 1;
    }
  };
  const describeHere = () => (pos >= text.length ? 'the end of the file' : JSON.stringify(text.slice(pos, pos + 12)));

  const readString = (): string => {
    // the opening quote is at pos
    let out = '';
    let start = ++pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) fail('a string is not closed');
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos += 1;
        return out;
      }
      if (c < 0x20) fail('a control character inside a string must be escaped');
      if (c === 0x5c) {
        out += text.slice(start, pos);
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('\\u must be followed by four hex digits');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail(`invalid escape \\${e ?? ''}`);
        }
        start = pos;
        continue;
      }
      pos += 1;
    }
  };

  const remember = (container: object, key: string | number, literal: string) => {
    let map = literals.get(container);
    if (!map) literals.set(container, (map = new Map()));
    map.set(key, literal);
  };

  const readValue = (depth: number, path: () => string, container: object | undefined, key: string | number): unknown => {
    skip();
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`nested deeper than ${maxDepth} levels at ${path() || '(top level)'}`);
      return c === '{' ? readObject(depth + 1, path) : readArray(depth + 1, path);
    }
    if (c === '"') return readString();
    for (const [word, value] of [['true', true], ['false', false], ['null', null], ['NaN', Number.NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        if (container && typeof value === 'number') remember(container, key, word);
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail(`expected a value, found ${describeHere()}`);
    pos += m[0].length;
    if (container) remember(container, key, m[0]);
    return Number(m[0]);
  };

  const readArray = (depth: number, path: () => string): unknown[] => {
    const list: unknown[] = [];
    pos += 1;
    skip();
    if (text[pos] === ']') {
      pos += 1;
      return list;
    }
    for (;;) {
      const index = list.length;
      list.push(readValue(depth, () => `${path()}[${index}]`, list, index));
      skip();
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      if (text[pos] === ']') {
        pos += 1;
        return list;
      }
      fail(`expected "," or "]" in a list, found ${describeHere()}`);
    }
  };

  const readObject = (depth: number, path: () => string): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    const lines = new Map<string, number>();
    keyLines.set(object, lines);
    pos += 1;
    skip();
    if (text[pos] === '}') {
      pos += 1;
      return object;
    }
    for (;;) {
      skip();
      if (text[pos] !== '"') fail(`expected a key in double quotes, found ${describeHere()}`);
      const keyLine = line;
      const key = readString();
      skip();
      if (text[pos] !== ':') fail(`expected ":" after key ${JSON.stringify(key)}, found ${describeHere()}`);
      pos += 1;
      const value = readValue(depth, () => (path() ? `${path()}.${key}` : key), object, key);
      const first = lines.get(key);
      if (first !== undefined) duplicates.push({ path: path() || '(top level)', key, firstLine: first, line: keyLine });
      else lines.set(key, keyLine);
      // defineProperty, so that a "__proto__" key is an ordinary member as in JSON.parse
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      skip();
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      if (text[pos] === '}') {
        pos += 1;
        return object;
      }
      fail(`expected "," or "}" in an object, found ${describeHere()}`);
    }
  };

  skip();
  if (pos >= text.length) fail('the file is empty');
  const value = readValue(0, () => '', undefined, '');
  skip();
  if (pos < text.length) fail(`unexpected ${describeHere()} after the end of the JSON value`);
  return {
    value,
    duplicates,
    numberLiteral: (container, key) => literals.get(container)?.get(key),
    keyLine: (container, key) => keyLines.get(container)?.get(key),
  };
}
