// The optimised oracle gives bit for bit what the pre-optimisation oracle gave (test/oracle/reference-*.ts,
// frozen), compared with Object.is so that NaN equals NaN and -0 differs from +0.
import { describe, expect, it } from 'vitest';
import { loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import { PROJECTION_CHUNK } from '../../oracle/gru-direction.js';
import { gruForward } from '../../oracle/index.js';
import { type ForwardCase, randomForwardCase, SIGNED_ZEROS } from './random-forward-case.js';
import { referenceForward } from './reference-forward.js';

/** Where two arrays first differ bit for bit, or null when they are identical. */
function firstDifference(actual: Float64Array, expected: Float64Array): string | null {
  if (actual.length !== expected.length) return `length ${actual.length}, reference ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) return `element ${i}: ${actual[i]}, reference ${expected[i]}`;
  }
  return null;
}

/** Runs both oracles on one case; the message names the case and the first differing element. */
function differences(c: ForwardCase): string[] {
  const now = gruForward(c.kwargs, c.params, c.input, c.hx, c.mode);
  const before = referenceForward(c.kwargs, c.params, c.input, c.hx, c.mode);
  const found: string[] = [];
  const out = firstDifference(now.output.data, before.output);
  if (out !== null) found.push(`${c.label}: output ${out}`);
  const hN = firstDifference(now.h_n.data, before.hN);
  if (hN !== null) found.push(`${c.label}: h_n ${hN}`);
  return found;
}

describe('the bit comparison', () => {
  it('gru.dtype.float64-reference: tells -0 from +0 and neighbours one ulp apart, and takes NaN as NaN', () => {
    const at = (...v: number[]) => Float64Array.from(v);
    expect(firstDifference(at(0), at(-0))).toBe('element 0: 0, reference 0');
    expect(firstDifference(at(1, 0.1), at(1, 0.30000000000000004 - 0.2))).toMatch(/^element 1: /);
    expect(firstDifference(at(1), at(1, 2))).toBe('length 1, reference 2');
    expect(firstDifference(at(Number.NaN, -0, 5e-324), at(Number.NaN, -0, 5e-324))).toBeNull();
  });
});

const goldens = loadManifest()
  .cases.filter((e) => e.kind === 'forward')
  .map((e) => loadGolden(e));

describe(`bit-identical to the pre-optimisation oracle on ${goldens.length} forward goldens`, () => {
  it.each(goldens.map((g) => [g.id, g] as const))(
    'gru.dtype.float64-reference: golden %s gives the same bits',
    (_id, g) => {
      const c = {
        label: g.id,
        kwargs: g.kwargs,
        params: g.parameters,
        input: g.input,
        hx: g.hx,
        mode: { training: g.mode === 'train', dropoutMasks: g.dropoutMasks },
      };
      expect(differences(c)).toEqual([]);
    },
  );
});

// Sizes cycle with coprime periods, so that every (batch 0..9, hidden 1..13, input 1..11) triple occurs:
// every remainder of the kernel's vector and row blocks, with both row parities for the gates' 3H rows.
// For batch 1, every other case is unbatched (2-D input); the other options are drawn per case.
const SWEEP = 10 * 13 * 11;

describe(`bit-identical to the pre-optimisation oracle on ${SWEEP} + 806 random cases`, () => {
  for (let batch = 0; batch <= 9; batch++) {
    // also: gru.eq.recurrence, gru.dir.reverse-time, gru.layer.stacking, gru.shape.batch-zero
    it(`gru.dtype.float64-reference: batch ${batch}, every hidden 1..13 and input 1..11, steps 1..40`, () => {
      const found: string[] = [];
      for (let i = batch; i < SWEEP; i += 10) {
        const m = (i - batch) / 10; // 0 .. 142
        const sizes = { batch, hidden: 1 + (i % 13), input: 1 + (i % 11), steps: 1 + (m % 40) };
        const batched = batch !== 1 || m % 2 === 0;
        found.push(...differences(randomForwardCase(1000 + i, sizes, 0, { batched })));
      }
      expect(found).toEqual([]);
    });
  }

  // also: gru.num.saturation
  it('gru.dtype.float64-reference: NaN, +-Infinity, -0, subnormals and 1e300 in input, hx and parameters', () => {
    const found: string[] = [];
    for (let i = 0; i < 400; i++) {
      const sizes = { batch: i % 10, hidden: 1 + (i % 13), input: 1 + (i % 11), steps: 1 + (i % 9) };
      found.push(...differences(randomForwardCase(50_000 + i, sizes, [0.01, 0.05, 0.3, 1][i % 4])));
    }
    expect(found).toEqual([]);
  });

  it('gru.dtype.float64-reference: values that are all or mostly -0 and +0, where the summation decides the sign', () => {
    const found: string[] = [];
    for (let i = 0; i < 400; i++) {
      const sizes = { batch: i % 10, hidden: 1 + (i % 5), input: 1 + (i % 3), steps: 1 + (i % 4) };
      const c = randomForwardCase(70_000 + i, sizes, i % 2 === 0 ? 1 : 0.9, { palette: SIGNED_ZEROS });
      found.push(...differences(c));
    }
    expect(found).toEqual([]);
  });

  // also: gru.dir.reverse-time, gru.dir.reverse-output-time-aligned
  it('gru.dtype.float64-reference: sequences longer than one chunk of input projections, both directions', () => {
    const found: string[] = [];
    for (const [batched, batch, hidden] of [
      [true, 9, 13],
      [true, 4, 6],
      [false, 1, 7],
    ] as const) {
      const span = Math.floor(PROJECTION_CHUNK / (batch * 3 * hidden)); // steps per chunk
      const sizes = { batch, hidden, input: 5, steps: 2 * span + 3 };
      for (const bidirectional of [false, true]) {
        const c = randomForwardCase(90_000 + batch, sizes, 0.001, { batched, bidirectional, num_layers: 2 });
        expect(c.input.data.length, 'the sequence spans three chunks').toBeGreaterThan(2 * span * batch * 5);
        found.push(...differences(c));
      }
    }
    expect(found).toEqual([]);
  });
});
