// How PyTorch computes in float16 and bfloat16 (gru.dtype.half-arithmetic), shown on its own recorded results: a
// GRU that rounds exactly where the clause says reproduces the half-precision goldens bit for bit, and GRUs that
// round anywhere else do not. The figures are printed; the clause's note quotes them.
import { afterAll, describe, expect, it } from 'vitest';
import { type Golden, goldenRequest, loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import type { GruResponse } from '../../harness/contract/request.js';
import { baseGru } from '../faulty/base-gru.js';
import { halfGru } from '../faulty/half-arithmetic.js';

const HALF = ['float16', 'bfloat16'] as const;
const goldens = loadManifest()
  .cases.filter((e) => e.kind === 'forward' && (HALF as readonly string[]).includes(e.dtype))
  .map((e) => loadGolden(e));

/** The share of the goldens' values (output and h_n) an implementation reproduces bit for bit. */
function exactShare(impl: Implementation, dtype: string): { share: number; values: number } {
  let same = 0;
  let values = 0;
  for (const g of goldens.filter((g) => g.dtype === dtype)) {
    const r = impl.forward(goldenRequest(g)) as GruResponse;
    for (const key of ['output', 'h_n'] as const) {
      const expected = (g as Golden).expected[key]!.data;
      for (let i = 0; i < expected.length; i++) if (Object.is(r[key].data[i], expected[i])) same++;
      values += expected.length;
    }
  }
  return { share: same / values, values };
}

const torchLike = halfGru('rounds where torch does', { batchFirstInputBiasAfterRounding: true });
const OTHERS: [string, Implementation][] = [
  ['the bias always inside the product', halfGru('fused bias', {})],
  ['every bias added after rounding W x', halfGru('bias after rounding', { biasAfterRounding: true })],
  ['products accumulated in the half format', halfGru('half accumulation', { accumulateInHalf: true })],
  ['float64 throughout, results rounded once', baseGru],
];

const figures: string[] = [];
afterAll(() => console.log(`half-precision goldens reproduced bit for bit:\n  ${figures.join('\n  ')}`));

describe(`${goldens.length} float16 and bfloat16 goldens against GRUs that round in different places`, () => {
  it('gru.dtype.half-arithmetic: there are goldens in both half dtypes', () => {
    for (const dtype of HALF) expect(goldens.filter((g) => g.dtype === dtype).length).toBeGreaterThan(30);
  });

  it.each(HALF)(
    'gru.dtype.half-arithmetic: rounding where the clause says reproduces at least 99.5%% of the %s values',
    (dtype) => {
      const { share, values } = exactShare(torchLike, dtype);
      figures.push(`${dtype}: as the clause says ${(100 * share).toFixed(2)}% of ${values} values`);
      expect(share).toBeGreaterThanOrEqual(0.995);
    },
  );

  it.each(HALF.flatMap((dtype) => OTHERS.map(([what, impl]) => [dtype, what, impl] as const)))(
    'gru.dtype.half-arithmetic: in %s, %s reproduces at most 98%% of the values',
    (dtype, what, impl) => {
      const { share } = exactShare(impl, dtype);
      figures.push(`${dtype}: ${what} ${(100 * share).toFixed(2)}%`);
      expect(share).toBeLessThanOrEqual(0.98);
    },
  );
});
