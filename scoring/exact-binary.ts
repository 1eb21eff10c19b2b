/**
 * Doubles as exact rationals: every finite double is an integer times 2^-1074, so sums and means can be computed
 * exactly in BigInt and rounded once, the way Python's `statistics.mean` and `round()` do.
 */

const SCALE = 1074n;

/** The integer n with x = n × 2^-1074 exactly (x finite). */
export function scaledInteger(x: number): bigint {
  if (!Number.isFinite(x)) throw new Error(`${x} is not finite`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const exponent = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const magnitude = exponent === 0 ? fraction : ((1n << 52n) | fraction) << BigInt(exponent - 1);
  return negative ? -magnitude : magnitude;
}

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  // hex is a quarter of binary's length: the leading digit's own bits, plus four for each of the others
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + parseInt(hex[0]!, 16).toString(2).length;
}

/** p / q rounded to the nearest double, ties to even (q > 0). */
export function rationalToDouble(p: bigint, q: bigint): number {
  if (q <= 0n) throw new Error('denominator must be positive');
  if (p === 0n) return 0;
  const negative = p < 0n;
  const a = negative ? -p : p;
  // scale so that the quotient has 53 significant bits, or fewer in the subnormal range
  let e = bitLength(a) - bitLength(q) - 53;
  let quotient: bigint;
  let remainder: bigint;
  let den: bigint;
  for (;;) {
    e = Math.max(e, -1074);
    const num = e >= 0 ? a : a << BigInt(-e);
    den = e >= 0 ? q << BigInt(e) : q;
    quotient = num / den;
    remainder = num - quotient * den;
    if (quotient >= 1n << 53n) e += 1;
    else if (quotient < 1n << 52n && e > -1074) e -= 1;
    else break;
  }
  const twice = remainder * 2n;
  if (twice > den || (twice === den && (quotient & 1n) === 1n)) quotient += 1n;
  const value = Number(quotient) * 2 ** e;
  return negative ? -value : value;
}

/** The exact sum of doubles over 2^1074, for exact means. */
export function exactSum(values: readonly number[]): bigint {
  return values.reduce((sum, v) => sum + scaledInteger(v), 0n);
}

export const SCALE_BITS = SCALE;
