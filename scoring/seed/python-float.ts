/**
 * Python's `float()` applied to a value read from JSON, as Aggregate.py applies it to `model_answer_score`:
 * undefined where Python raises. Strings follow CPython's rules: Unicode whitespace becomes a space and Unicode
 * decimal digits (`４`, `٤`, `𝟒`) their ASCII digit before parsing (Evaluate.py extracts scores with `\d`, which
 * matches them); ASCII whitespace around the number is stripped; `_` may stand between two digits; `inf`,
 * `infinity` and `nan` are read in any case; anything else raises.
 */

// the non-ASCII characters for which Python's str.isspace() is true
const UNICODE_SPACES = new Set([0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);
const ASCII_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
const ND = /^\p{Nd}$/u;

/** The value of a Unicode decimal digit: they come in runs of ten, 0 to 9 (a Unicode stability guarantee). */
function digitValue(code: number): number {
  let start = code;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start -= 1;
  return (code - start) % 10;
}

/** CPython's _PyUnicode_TransformDecimalAndSpaceToASCII; undefined where it would leave a character Python cannot read. */
function toAscii(text: string): string | undefined {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 127) out += ch;
    else if (UNICODE_SPACES.has(code)) out += ' ';
    else if (ND.test(ch)) out += String(digitValue(code));
    else return undefined;
  }
  return out;
}

/** Underscores are allowed only between two digits, and are then ignored. */
function withoutUnderscores(text: string): string | undefined {
  if (!text.includes('_')) return text;
  return /(?<![0-9])_|_(?![0-9])/.test(text) ? undefined : text.replace(/_/g, '');
}

export function parsePythonFloatText(text: string): number | undefined {
  const ascii = toAscii(text);
  if (ascii === undefined) return undefined;
  const plain = withoutUnderscores(ascii);
  if (plain === undefined) return undefined;
  const stripped = plain.replace(ASCII_SPACE, '');
  const special = SPECIAL.exec(stripped);
  if (special) return special[2]!.toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
  return DECIMAL.test(stripped) ? Number(stripped) : undefined;
}

export function pythonFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return parsePythonFloatText(value);
  return undefined;
}
