// The binary tensor encoding (base64 of little-endian float64) carries every value bit for bit, writes
// little-endian whatever the host's byte order, and rejects text that is not exactly the bytes the shape needs.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeBase64F64le, encodeBase64F64le } from '../../harness/protocol/base64-f64le.js';
import { decodeTensor, encodeTensor } from '../../harness/protocol/wire.js';
import { tensor } from '../../oracle/index.js';

const roundTrip = (data: number[], dtype: 'float32' | 'float64' = 'float64') =>
  decodeTensor(JSON.parse(encodeTensor(tensor(dtype, [data.length], data), 'base64-f64le')), 't').data;

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

/** The bytes a reader expects, written one double at a time with an explicit byte order. */
function bytesOf(values: number[], littleEndian: boolean): string {
  const view = new DataView(new ArrayBuffer(8 * values.length));
  values.forEach((v, i) => {
    view.setFloat64(8 * i, v, littleEndian);
  });
  return Buffer.from(view.buffer).toString('base64');
}

const ODD_VALUES = [
  -0,
  0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MIN_VALUE, // the smallest subnormal
  -Number.MIN_VALUE,
  2.225073858507201e-308, // the largest subnormal
  2.2250738585072014e-308,
  Number.MAX_VALUE,
  0.1,
  1 / 3,
  2 ** 53 + 2,
];

describe('base64-f64le: values', () => {
  it('gru.num.tolerance: -0, NaN, infinities, subnormals and extremes round-trip bit for bit', () => {
    expect(sameBits(roundTrip(ODD_VALUES), ODD_VALUES)).toBe(true);
  });

  it('gru.num.tolerance: a NaN payload and sign survive too (the bits travel, not a NaN name)', () => {
    const bits = new DataView(new ArrayBuffer(8));
    bits.setBigUint64(0, 0xfff8_0000_dead_beefn, true);
    const text = Buffer.from(bits.buffer).toString('base64');
    const back = decodeBase64F64le(text, 1, 't');
    expect(encodeBase64F64le(back)).toBe(text);
  });

  it('gru.num.tolerance: the bytes are IEEE-754 doubles, little-endian: 1.0 is 00 00 00 00 00 00 f0 3f', () => {
    expect(encodeBase64F64le([1])).toBe(Buffer.from([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]).toString('base64'));
    expect(encodeBase64F64le(ODD_VALUES)).toBe(bytesOf(ODD_VALUES, true));
    expect(encodeBase64F64le([])).toBe('');
  });

  it('gru.num.tolerance: a host of the other byte order swaps each double, both ways', () => {
    // On this (little-endian) host, claiming the other order must give exactly the big-endian bytes: the
    // swap a big-endian host needs to turn its memory into little-endian bytes, and back.
    const swapped = encodeBase64F64le(ODD_VALUES, false);
    expect(swapped).toBe(bytesOf(ODD_VALUES, false));
    expect(sameBits(decodeBase64F64le(swapped, ODD_VALUES.length, 't', false), ODD_VALUES)).toBe(true);
    const values = Float64Array.from(ODD_VALUES);
    encodeBase64F64le(values, false);
    expect(sameBits(values, ODD_VALUES)).toBe(true); // the caller's array is not swapped in place
  });

  test.prop([fc.array(fc.double(), { maxLength: 60 })])(
    'gru.num.tolerance: any float64 array round-trips exactly',
    (values) => {
      expect(sameBits(roundTrip(values), values)).toBe(true);
    },
  );

  test.prop([fc.array(fc.float(), { maxLength: 60 })])(
    'gru.dtype.float64-reference: float32 values travel as the doubles they equal, unchanged',
    (values) => {
      const back = roundTrip(values, 'float32');
      expect(sameBits(back, values)).toBe(true);
      expect(Array.from(back).every((v) => Object.is(Math.fround(v), v))).toBe(true);
    },
  );

  it('gru.shape.batch-zero: an empty tensor is an empty string and keeps its shape', () => {
    const line = encodeTensor(tensor('float32', [5, 0, 4]), 'base64-f64le');
    expect(line).toBe('{"dtype":"float32","shape":[5,0,4],"base64":""}');
    expect(decodeTensor(JSON.parse(line), 'output')).toEqual({
      dtype: 'float32',
      shape: [5, 0, 4],
      data: new Float64Array(0),
    });
  });

  it('gru.shape.output-batched: a Float64Array view at an offset is encoded from its own bytes', () => {
    const whole = Float64Array.from([7, 1.5, -2, 9]);
    expect(encodeBase64F64le(whole.subarray(1, 3))).toBe(bytesOf([1.5, -2], true));
  });
});

describe('base64-f64le: malformed tensors are rejected, naming the field and the problem', () => {
  const two = bytesOf([1, 2], true); // 16 bytes, "AAAAAAAA8D8AAAAAAAAAQA=="
  it.each([
    [
      { base64: `${two.slice(0, 5)}!${two.slice(6)}` },
      'output.base64 (shape [2]): not base64: character 5 is "!"',
    ],
    [{ base64: two.replace('8', '-') }, 'character 8 is "-"'], // the URL-safe alphabet is not base64
    [{ base64: two.replace('==', '') }, 'need 16 bytes (24 base64 characters), got 22 characters'],
    [{ base64: `${two.slice(0, 8)}=${two.slice(9)}` }, 'character 8 is "="'], // padding inside
    [{ base64: `${two.slice(0, 8)}\u0141${two.slice(9)}` }, 'character 8 is "\u0141"'], // Node would read 'A'
    [{ base64: `${two.slice(0, 8)}\u00e9${two.slice(9)}` }, 'character 8 is "\u00e9"'],
    [{ base64: two.replace('AAAA', 'AA\nAA') }, 'character 2 is "\\n"'],
    [{ base64: `${two.slice(0, -3)}R==` }, 'not the canonical end'], // unused bits set
    [{ base64: ` ${two}` }, 'character 0 is " "'],
    [
      { base64: bytesOf([1], true) },
      '2 float64 values need 16 bytes (24 base64 characters), got 8 bytes, 12 characters',
    ],
    [{ base64: bytesOf([1, 2, 3], true) }, 'got 24 bytes'],
    [{ base64: 12 }, 'output.base64: expected a string, got 12'],
    [{ base64: two, data: [1, 2] }, 'output: has both data and base64'],
  ])('gru.shape.output-batched: %j fails naming %s', (fields, problem) => {
    expect(() => decodeTensor({ dtype: 'float64', shape: [2], ...fields }, 'output')).toThrow(problem);
  });

  // The decoder checks cheaply (length, ASCII, the last group) and lets Node decode; this is the definition
  // it must agree with: the text is accepted exactly when it is the canonical base64 of 8 * count bytes.
  test.prop(
    [
      fc.array(fc.double(), { maxLength: 6 }),
      fc.nat(),
      fc.constantFrom(...'AZaz09+/=-_ .!\n\t\u0000\u00e9\u0141\u0100\u0180\u4e00'),
      fc.constantFrom(0, 1, -1, 4, -4),
    ],
    { numRuns: 500 },
  )(
    'gru.num.tolerance: a text is accepted exactly when it is canonical base64 of the right length',
    (values, at, char, resize) => {
      const good = encodeBase64F64le(values);
      const i = good.length === 0 ? 0 : at % good.length;
      const text = `${good.slice(0, i)}${char}${good.slice(i + 1)}`.slice(
        0,
        Math.max(0, good.length + resize),
      );
      const count = values.length;
      const bytes = Buffer.from(text, 'base64');
      const canonical = bytes.toString('base64') === text && bytes.length === 8 * count;
      let accepted = true;
      try {
        decodeBase64F64le(text, count, 't');
      } catch {
        accepted = false;
      }
      expect(accepted).toBe(canonical);
    },
  );

  it('gru.shape.output-batched: the byte count must match the shape for every shape, empty ones included', () => {
    expect(() => decodeTensor({ dtype: 'float64', shape: [0, 3], base64: two }, 'h_n')).toThrow(
      'h_n.base64 (shape [0,3]): 0 float64 values need 0 bytes',
    );
    expect(() => decodeTensor({ dtype: 'float64', shape: [2, 2], base64: '' }, 'h_n')).toThrow('got 0 bytes');
  });
});
