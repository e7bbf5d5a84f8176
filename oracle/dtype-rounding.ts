// Rounding a float64 value to the nearest value of a narrower binary format, ties to even (IEEE 754
// roundTiesToEven), as a cast to that dtype does. The oracle computes in float64 and never rounds; the harness
// uses this to draw a request's values in its dtype, and the tests use it to build GRUs that compute in it.
import type { DType } from './tensor.js';

/** A binary floating-point format: significand bits (the leading one included) and exponent range. */
interface BinaryFormat {
  /** Significand precision p: the unit roundoff is 2^-p. */
  precision: number;
  /** Exponent of the smallest normal value, 2^minExponent. */
  minExponent: number;
  /** Exponent of the largest finite value, (2 - 2^(1-p)) * 2^maxExponent. */
  maxExponent: number;
}

/** IEEE 754 binary16 (half): 11 significand bits, largest finite 65504, smallest subnormal 2^-24. */
export const FLOAT16: BinaryFormat = { precision: 11, minExponent: -14, maxExponent: 15 };
/** bfloat16: float32's exponent range with 8 significand bits; largest finite about 3.39e38. */
export const BFLOAT16: BinaryFormat = { precision: 8, minExponent: -126, maxExponent: 127 };
/** IEEE 754 binary32, for checking this code against Math.fround. */
export const FLOAT32: BinaryFormat = { precision: 24, minExponent: -126, maxExponent: 127 };

/** The bits of one float64, to read its exponent field. */
const word = new DataView(new ArrayBuffer(8));

/** The exponent e with 2^e <= a < 2^(e + 1), for a finite a > 0: the exponent field of a normal float64, else
 * Math.log2 (corrected where it is off by one) for the float64 subnormals. */
function exponentOf(a: number): number {
  word.setFloat64(0, a);
  const field = (word.getUint32(0) >>> 20) & 0x7ff;
  if (field !== 0) return field - 1023;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/** v rounded to an integer, ties to the even one (v >= 0 and below 2^53, so v - floor(v) is exact). */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const rest = v - f;
  if (rest > 0.5) return f + 1;
  if (rest < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** x rounded to the nearest value of `format`, ties to even; beyond the largest finite value, an infinity. */
export function roundToFormat(x: number, format: BinaryFormat): number {
  if (x === 0 || !Number.isFinite(x)) return x; // +-0, +-infinity and NaN stay as they are
  const { precision: p, minExponent, maxExponent } = format;
  const a = Math.abs(x);
  // The midpoint between the largest finite value and 2^(maxExponent + 1) rounds to even, that is up: overflow.
  if (a >= (2 - 2 ** -p) * 2 ** maxExponent) return x > 0 ? Infinity : -Infinity;
  // The spacing of the format at a: 2^(e - p + 1), fixed at 2^(minExponent - p + 1) among the subnormals.
  const quantum = 2 ** (Math.max(exponentOf(a), minExponent) - p + 1);
  const r = roundHalfEven(a / quantum) * quantum; // both scalings by a power of two are exact
  return x > 0 ? r : -r; // a value that rounds to zero keeps its sign
}

export const roundToFloat16 = (x: number): number => roundToFormat(x, FLOAT16);
export const roundToBfloat16 = (x: number): number => roundToFormat(x, BFLOAT16);

/** x rounded to `dtype`, as a cast to that dtype rounds it (float64 values are returned as they are). */
export function roundToDtype(dtype: DType, x: number): number {
  switch (dtype) {
    case 'float64':
      return x;
    case 'float32':
      return Math.fround(x);
    case 'float16':
      return roundToFloat16(x);
    case 'bfloat16':
      return roundToBfloat16(x);
  }
}

/** A function rounding to `dtype` (the identity for float64). */
export function rounderOf(dtype: DType): (x: number) => number {
  return (x) => roundToDtype(dtype, x);
}
