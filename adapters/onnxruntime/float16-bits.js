// IEEE 754 binary16 (float16) bit patterns, which ONNX Runtime's 'float16' tensors hold (Uint16Array), and back.

/** The float16 nearest x (ties to even) as its bit pattern; values beyond 65504 round to an infinity. */
export function float16Bits(x) {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (Number.isNaN(x)) return 0x7e00;
  if (a >= 65520) return sign | 0x7c00; // the tie above 65504 rounds to even: infinity
  let e = a === 0 ? -15 : Math.floor(Math.log2(a));
  if (a !== 0 && 2 ** e > a) e--;
  else if (a !== 0 && 2 ** (e + 1) <= a) e++;
  const exponent = Math.max(e, -14); // subnormals share the exponent of the smallest normal
  const scaled = a / 2 ** (exponent - 10); // the value in units of the spacing at a: below 2048
  let k = Math.floor(scaled);
  const rest = scaled - k;
  if (rest > 0.5 || (rest === 0.5 && k % 2 === 1)) k++; // ties to even; 2048 carries into the exponent
  return sign | (e < -14 ? k : ((exponent + 15) << 10) + (k - 1024));
}

/** The value of a float16 bit pattern. */
export function fromFloat16Bits(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
