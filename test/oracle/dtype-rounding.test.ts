// Rounding to float16 and bfloat16 (oracle/dtype-rounding.ts), checked against numpy's float16 cast and an exact
// rational rounding in Python on every finite value of both formats, the midpoints between neighbours (the
// ties), values just either side of them, the overflow and underflow edges, and random float64 values.
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../harness/random.js';
import { FLOAT16, roundToBfloat16, roundToDtype, roundToFloat16, roundToFormat } from '../../oracle/index.js';

/** The value of a float16 bit pattern. */
function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The value of a bfloat16 bit pattern (the upper half of a float32). */
function bfloat16Value(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits << 16);
  return view.getFloat32(0);
}

/** Every finite positive value of a format with its successor, from its 16-bit patterns. */
function neighbours(value: (bits: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let bits = 0; bits < 0x7fff; bits++) {
    const [a, b] = [value(bits), value(bits + 1)];
    if (Number.isFinite(a) && Number.isFinite(b)) out.push([a, b]);
  }
  return out;
}

/** Each value, the midpoint to its successor, and (every few) points just either side of the midpoint. */
function probeValues(): Float64Array {
  const values: number[] = [];
  for (const [format, stride] of [
    [float16Value, 1],
    [bfloat16Value, 5],
  ] as const) {
    const pairs = neighbours(format);
    for (let i = 0; i < pairs.length; i += stride) {
      const [a, b] = pairs[i];
      const mid = a + (b - a) / 2;
      values.push(a, -a, mid, -mid);
      if (i % 7 === 0) values.push(mid * (1 + 2 ** -40), mid * (1 - 2 ** -40), -mid * (1 + 2 ** -40));
    }
  }
  const next = mulberry32(16);
  for (let i = 0; i < 20_000; i++) values.push((2 * next() - 1) * 2 ** Math.round(300 * next() - 150));
  values.push(65504, 65519.99, 65520, 65536, 1e5, -65520, 2 ** -24, 2 ** -25, 2 ** -25 * (1 + 2 ** -30));
  values.push(3.3895313892515355e38, 3.396177529230474e38, 3.4e38, 2 ** -133, 2 ** -134, 1e-300, 5e-324);
  values.push(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
  return Float64Array.from(values);
}

let probes: Float64Array;
let reference: { numpyFloat16: Float64Array; exactFloat16: Float64Array; exactBfloat16: Float64Array };

beforeAll(async () => {
  probes = probeValues();
  const { stdout } = await execa(
    'uv',
    ['run', '--frozen', 'python', 'test/oracle/fixtures/round_reference.py'],
    {
      input: Buffer.from(probes.buffer),
      encoding: 'buffer',
    },
  );
  const all = new Float64Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.byteLength));
  const n = probes.length;
  reference = {
    numpyFloat16: all.subarray(0, n),
    exactFloat16: all.subarray(n, 2 * n),
    exactBfloat16: all.subarray(2 * n, 3 * n),
  };
}, 120_000);

/** The first probe where `round` and the reference disagree (Object.is: -0 and NaN count), or undefined. */
function firstMismatch(round: (x: number) => number, expected: Float64Array): string | undefined {
  for (let i = 0; i < probes.length; i++) {
    const got = round(probes[i]);
    if (!Object.is(got, expected[i])) return `${probes[i]} rounds to ${got}, expected ${expected[i]}`;
  }
  return undefined;
}

describe('rounding to the half-precision formats', () => {
  it("gru.dtype.half-formats: float16 rounding agrees with numpy's float16 cast on every probe", () => {
    expect(probes.length).toBeGreaterThan(150_000);
    expect(firstMismatch(roundToFloat16, reference.numpyFloat16)).toBeUndefined();
  });

  it('gru.dtype.half-formats: float16 rounding agrees with exact rational rounding, ties to even', () => {
    expect(firstMismatch(roundToFloat16, reference.exactFloat16)).toBeUndefined();
  });

  it('gru.dtype.half-formats: bfloat16 rounding agrees with exact rational rounding, ties to even', () => {
    expect(firstMismatch(roundToBfloat16, reference.exactBfloat16)).toBeUndefined();
  });

  it('gru.dtype.half-formats: the edges of float16 and bfloat16 by hand', () => {
    expect(roundToFloat16(65504)).toBe(65504);
    expect(roundToFloat16(65519.99)).toBe(65504);
    expect(roundToFloat16(65520)).toBe(Number.POSITIVE_INFINITY); // the tie above the largest value: to even
    expect(roundToFloat16(-1e5)).toBe(Number.NEGATIVE_INFINITY);
    expect(roundToFloat16(2 ** -24)).toBe(2 ** -24); // the smallest subnormal
    expect(Object.is(roundToFloat16(-(2 ** -25)), -0)).toBe(true); // a tie with zero goes to zero, sign kept
    expect(roundToFloat16(1 + 2 ** -11)).toBe(1); // tie between 1 and 1 + 2^-10: to even
    expect(roundToFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(roundToBfloat16(1 + 2 ** -8)).toBe(1);
    expect(roundToBfloat16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
    expect(roundToBfloat16(3.4e38)).toBe(Number.POSITIVE_INFINITY);
    expect(roundToBfloat16(2 ** -133)).toBe(2 ** -133);
    expect(Number.isNaN(roundToBfloat16(Number.NaN))).toBe(true);
  });

  it('gru.dtype.half-formats: the same code with float32 parameters is Math.fround', () => {
    const float32 = { precision: 24, minExponent: -126, maxExponent: 127 };
    const next = mulberry32(32);
    for (let i = 0; i < 50_000; i++) {
      const x = (2 * next() - 1) * 2 ** Math.round(320 * next() - 160);
      expect(roundToFormat(x, float32)).toBe(Math.fround(x));
    }
    expect(roundToFormat(3.4028235677973366e38, float32)).toBe(Math.fround(3.4028235677973366e38));
  });

  it('gru.dtype.half-formats: roundToDtype dispatches on the dtype, float64 unchanged', () => {
    const x = 0.1;
    expect(roundToDtype('float64', x)).toBe(x);
    expect(roundToDtype('float32', x)).toBe(Math.fround(x));
    expect(roundToDtype('float16', x)).toBe(roundToFormat(x, FLOAT16));
    expect(roundToDtype('bfloat16', x)).toBe(roundToBfloat16(x));
  });
});
