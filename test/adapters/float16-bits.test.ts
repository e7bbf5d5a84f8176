// The ONNX Runtime adapters' float16 encoding (adapters/onnxruntime/float16-bits.js) against the oracle's rounding.
import { describe, expect, it } from 'vitest';
import { float16Bits, fromFloat16Bits } from '../../adapters/onnxruntime/float16-bits.js';
import { roundToFloat16 } from '../../oracle/index.js';

describe('float16 bit patterns for ONNX Runtime tensors', () => {
  it('gru.dtype.half-formats: every one of the 65536 patterns decodes to a float16 value and encodes back to itself', () => {
    let wrong = 0;
    for (let bits = 0; bits < 0x10000; bits++) {
      const x = fromFloat16Bits(bits);
      if (Number.isNaN(x)) continue; // every NaN encodes as the one quiet NaN
      if (roundToFloat16(x) !== x || float16Bits(x) !== bits) wrong++;
    }
    expect(wrong).toBe(0);
    expect(float16Bits(Number.NaN)).toBe(0x7e00);
  });

  it('gru.dtype.half-formats: doubles round as the oracle rounds them: midpoints (ties to even), their neighbours, overflow, subnormals', () => {
    const probes = [65504, 65519.99, 65520, 1e6, 2 ** -25, 2 ** -25 * 1.0001, 2 ** -26, 2 ** -24 * 1.5, -0];
    for (let bits = 0; bits < 0x7c00; bits++) {
      const [a, b] = [fromFloat16Bits(bits), fromFloat16Bits(bits + 1)];
      const mid = (a + b) / 2;
      probes.push(mid, mid * (1 + 2 ** -40), mid * (1 - 2 ** -40), -mid);
    }
    const wrong = probes.filter((x) => !Object.is(fromFloat16Bits(float16Bits(x)), roundToFloat16(x)));
    expect(wrong).toEqual([]);
  });
});
