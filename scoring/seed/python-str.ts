/**
 * Python's `str()` of a value as Python's json module would have read it, which is how Aggregate.py names a
 * question: `(str(groupCode), str(round))`. Numbers need the literal as written in the file, since Python reads
 * `5` as an int ("5") and `5.0` as a float ("5.0").
 */

/** repr() of a Python float: the shortest round-trip digits, fixed notation for exponents in (-4, 16]. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const point = Number(exponent) + 1;
  if (point > -4 && point <= 16) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const e = point - 1;
  const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${body}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** str() of a JSON number given its literal: an int unless it has a fraction or an exponent. */
export function pythonNumberStr(literal: string): string {
  if (literal === 'NaN' || literal === 'Infinity' || literal === '-Infinity') return pythonFloatRepr(Number(literal));
  if (/[.eE]/.test(literal)) return pythonFloatRepr(Number(literal));
  return /^-0+$/.test(literal) ? '0' : literal;
}

function pythonStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `${quote}${quote === "'" ? escaped.replace(/'/g, "\\'") : escaped}${quote}`;
}

/** repr() of a value inside a list or dict, as str() of the container prints it. */
function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return pythonStrRepr(value);
  return pythonStr(value);
}

/** str() of a JSON value; `literal` is the number as written, when the value is a number from a file. */
export function pythonStr(value: unknown, literal?: string): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return literal !== undefined ? pythonNumberStr(literal) : Number.isInteger(value) ? String(value) : pythonFloatRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pythonStrRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}
