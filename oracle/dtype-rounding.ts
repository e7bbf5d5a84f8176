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

/** The exponent field of |x| less the bias: e with 2^e <= |x| < 2^(e + 1) for a normal float64; -1023 for zero
 * and the float64 subnormals, which are far below half the smallest subnormal of every format here. */
function exponentOf(x: number): number {
  word.setFloat64(0, x);
  return ((word.getUint32(0) >>> 20) & 0x7ff) - 1023;
}

/** 2^k for every k a rounding below needs, exactly (k from -1100 to 1100). */
const POWERS_OF_TWO = Float64Array.from({ length: 2201 }, (_, i) => 2 ** (i - 1100));
const twoTo = (k: number): number => POWERS_OF_TWO[k + 1100];

/**
 * x rounded to the nearest value of `format`, ties to even; beyond the largest finite value, an infinity.
 *
 * The format's spacing at |x| is q = 2^(e - p + 1), fixed at 2^(minExponent - p + 1) among its subnormals. Adding
 * c = 2^52 q to |x| < 2^(e + 1) <= c rounds the sum, ties to even, to a multiple of q, since float64's spacing in
 * [c, 2c) is q; subtracting c again is exact. So (|x| + c) - c is |x| rounded to the format, in two additions.
 */
export function roundToFormat(x: number, format: BinaryFormat): number {
  if (x === 0 || !Number.isFinite(x)) return x; // +-0, +-infinity and NaN stay as they are
  const { precision: p, minExponent, maxExponent } = format;
  const a = Math.abs(x);
  // The midpoint between the largest finite value and 2^(maxExponent + 1) rounds to even, that is up: overflow.
  if (a >= (2 - twoTo(-p)) * twoTo(maxExponent)) return x > 0 ? Infinity : -Infinity;
  const c = twoTo(Math.max(exponentOf(a), minExponent) - p + 1 + 52);
  const r = a + c - c;
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
