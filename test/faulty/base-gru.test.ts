// The base GRU of the faulty catalogue is itself correct: it agrees with the oracle and rejects what nn.GRU rejects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { gruForward, tensor } from '../../oracle/index.js';
import { paramsOf } from '../helpers/build.js';
import { baseGru } from './base-gru.js';
import {
  difference,
  EDGE_CALLS,
  EXACT_CALLS,
  INVALID_CALLS,
  isRejected,
  type Outcome,
  outcome,
} from './probes.js';

const oracle = (r: GruRequest): Outcome => {
  const { output, h_n } = gruForward(r.kwargs, r.parameters, r.input, r.hx);
  return { output, h_n };
};
const base = (r: GruRequest) => outcome(baseGru.forward, r);

describe('the base GRU agrees with the oracle', () => {
  // also: gru.eq.reset-gate, gru.eq.update-gate, gru.eq.new-gate, gru.dir.reverse-time, gru.layer.stacking
  it('gru.eq.hidden-update: within 1e-12 on random float64 calls of every option combination', () => {
    fc.assert(
      fc.property(gruCaseArb({ dtypes: ['float64'] }), (c) => {
        const r = caseRequest(c);
        expect(difference(base(r), oracle(r), { float32: 1e-12, float64: 1e-12 })).toBeUndefined();
      }),
      { seed: 20260503, numRuns: 400 },
    );
  });

  it('gru.dtype.output-matches-input: float32 calls give the oracle rounded to float32', () => {
    fc.assert(
      fc.property(gruCaseArb({ dtypes: ['float32'] }), (c) => {
        const r = caseRequest(c);
        const [actual, expected] = [base(r), oracle(r)];
        expect(difference(actual, expected, { float32: 1e-6, float64: 1e-6 })).toBeUndefined();
        if (isRejected(actual) || isRejected(expected)) return;
        for (const key of ['output', 'h_n'] as const) {
          const [a, e] = [actual[key].data, expected[key].data];
          for (let i = 0; i < e.length; i++) {
            expect(Math.fround(a[i])).toBe(a[i]);
            expect(Math.abs(a[i] - e[i])).toBeLessThanOrEqual(2 ** -23 * Math.abs(e[i]) + 1e-15);
          }
        }
      }),
      { seed: 20260504, numRuns: 200 },
    );
  });

  it.each(EDGE_CALLS)('gru.num.saturation: on the edge call "%s"', (_what, r) => {
    expect(difference(base(r), oracle(r), { float32: 1e-12, float64: 1e-12 })).toBeUndefined();
  });

  it.each(EXACT_CALLS)('gru.num.signed-zero-subnormal: bit for bit on the exact call "%s"', (_what, r) => {
    expect(difference(base(r), oracle(r), {})).toBeUndefined();
  });

  it('gru.shape.batch-zero: a batch of 0 gives empty output and h_n of the documented shapes', () => {
    const kwargs = { input_size: 3, hidden_size: 4, num_layers: 2, bidirectional: true, batch_first: true };
    const r: GruRequest = {
      kwargs,
      dtype: 'float64',
      parameters: paramsOf(kwargs, (_, i) => Math.sin(i)),
      input: tensor('float64', [0, 5, 3]),
    };
    const result = base(r);
    expect(difference(result, oracle(r), { float32: 0, float64: 0 })).toBeUndefined();
    expect(!isRejected(result) && [result.output.shape, result.h_n.shape]).toEqual([
      [0, 5, 8],
      [4, 0, 4],
    ]);
  });
});

describe('the base GRU rejects what nn.GRU rejects', () => {
  it.each(INVALID_CALLS)('%s: the invalid call is rejected with an Error, as by the oracle', (clause, r) => {
    expect(() => oracle(r)).toThrow(clause);
    expect(() => baseGru.forward(r)).toThrow(Error);
    expect(() => baseGru.forward(r)).toThrow(clause);
  });
});
