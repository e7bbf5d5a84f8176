// Hand-built requests for the faulty-GRU tests: one invalid call per error clause, and valid edge calls
// that random cases reach only by luck. Also how two outcomes of a call are compared.
import { SMALL_CASE } from '../../harness/cases/gru-case.js';
import { subnormalStateRequest } from '../../harness/checks/non-finite.js';
import type { GruRequest, GruResponse } from '../../harness/contract/request.js';
import { type DType, type GruKwargs, type Tensor, tensor } from '../../oracle/index.js';
import { paramsOf } from '../helpers/build.js';

const base = { input_size: 3, hidden_size: 4 };

const ramp = (shape: number[], dtype: DType = 'float64'): Tensor =>
  tensor(
    dtype,
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(1 + 0.7 * i)),
  );

/** A request whose parameters are those of `paramKwargs` (the kwargs themselves may be invalid). */
function request(
  kwargs: GruKwargs,
  input: Tensor,
  hx: Tensor | null = null,
  paramKwargs: GruKwargs = base,
): GruRequest {
  const parameters = paramsOf(paramKwargs, (name, i) => 0.6 * Math.sin(1 + i + 3 * name.length));
  return { kwargs, dtype: 'float64', parameters, input, hx };
}

const x = ramp([5, 2, 3]);

/** Every error clause with a call nn.GRU rejects for that reason alone. */
export const INVALID_CALLS: [string, GruRequest][] = [
  ['gru.err.unknown-kwarg', request({ ...base, nonlinearity: 'relu' }, x)],
  ['gru.err.proj-size', request({ ...base, proj_size: 0 }, x)],
  ['gru.err.input-size-type', request({ input_size: 2.5, hidden_size: 4 }, x)],
  ['gru.err.input-size-range', request({ input_size: 0, hidden_size: 4 }, x)],
  ['gru.err.hidden-size-type', request({ input_size: 3, hidden_size: '4' }, x)],
  ['gru.err.hidden-size-range', request({ input_size: 3, hidden_size: -1 }, x)],
  ['gru.err.num-layers-type', request({ ...base, num_layers: 1.5 }, x)],
  ['gru.err.num-layers-range', request({ ...base, num_layers: 0 }, x)],
  ['gru.err.bias-type', request({ ...base, bias: 0 }, x, null, { ...base, bias: false })],
  ['gru.err.batch-first-type', request({ ...base, batch_first: 1 }, x)],
  ['gru.err.dropout-range', request({ ...base, dropout: 1.5 }, x)],
  ['gru.err.dropout-range', request({ ...base, dropout: Number.NaN }, x)],
  ['gru.err.input-rank', request(base, ramp([2, 5, 2, 3]))],
  ['gru.err.input-features', request(base, ramp([5, 2, 2]))],
  ['gru.err.hx-rank', request(base, x, ramp([1, 4]))],
  ['gru.err.hx-shape', request(base, x, ramp([1, 3, 4]))],
  ['gru.err.hx-shape', request(base, x, ramp([1, 1, 4]))], // broadcastable to the batch of 2, still rejected
  ['gru.err.hx-shape', request({ ...base, batch_first: true }, ramp([2, 5, 3]), ramp([2, 1, 4]))],
  ['gru.err.input-dtype', request(base, ramp([5, 2, 3], 'float32'))],
  ['gru.err.hx-dtype', request(base, x, ramp([1, 2, 4], 'float32'))],
  ['gru.err.seq-len-zero', request(base, ramp([0, 2, 3]))],
];

/** One step of a 1-unit GRU whose only nonzero weights are W_in = ones(I). */
function candidateOnly(input: number[]): GruRequest {
  const kwargs = { input_size: input.length, hidden_size: 1 };
  const parameters = paramsOf(kwargs, (name, i) =>
    name === 'weight_ih_l0' && i >= 2 * input.length ? 1 : 0,
  );
  return {
    kwargs,
    dtype: 'float64',
    parameters,
    input: tensor('float64', [1, 1, input.length], input),
    hx: null,
  };
}

/** Valid calls that single out faults random cases rarely hit. */
export const EDGE_CALLS: [string, GruRequest][] = [
  // n = tanh(1e-4) in float64, tanh(1.22e-4) once 1000.0001 is rounded to float32
  ['cancellation in W_in x', candidateOnly([1000.0001, -1000])],
  // a pre-activation of 1000: e^1000 overflows
  ['tanh of 1000', candidateOnly([1000])],
  [
    'bidirectional, 2 layers, batch_first, N = 3, hx given',
    request(
      { ...base, num_layers: 2, bidirectional: true, batch_first: true, dropout: 0.5 },
      ramp([3, 4, 3]),
      ramp([4, 3, 4]),
      { ...base, num_layers: 2, bidirectional: true },
    ),
  ],
  ['unbatched with hx', request(base, ramp([4, 3]), ramp([1, 4]))],
  // NaN propagates: every later state of its batch row is NaN
  [
    'a NaN in the input',
    request(
      base,
      tensor(
        'float64',
        [5, 2, 3],
        ramp([5, 2, 3]).data.map((v, i) => (i === 4 ? Number.NaN : v)),
      ),
    ),
  ],
];

/** Calls whose results are exact (every operation exact), to be compared bit for bit: there a flush to zero of
 * subnormal values, far below any absolute tolerance, shows. */
export const EXACT_CALLS: [string, GruRequest][] = [
  // zero weights: each step halves a subnormal state
  ['a subnormal state through zero weights', subnormalStateRequest({ ...SMALL_CASE, steps: 3 })],
];

/** A call's result, or the fact that it was rejected, with the clause the rejection named. */
export type Outcome = GruResponse | Rejected;
export interface Rejected {
  rejected: string | undefined;
}

export const isRejected = (o: Outcome): o is Rejected => 'rejected' in o;

export function outcome(forward: (r: GruRequest) => GruResponse, r: GruRequest): Outcome {
  try {
    return forward(r);
  } catch (e) {
    const clause = (e as { clause?: unknown }).clause;
    return { rejected: typeof clause === 'string' ? clause : undefined };
  }
}

/** Same non-finite value (NaN is NaN), or both finite and within `tol`. */
const close = (a: number, e: number, tol: number) =>
  Number.isFinite(a) && Number.isFinite(e)
    ? Math.abs(a - e) <= tol
    : Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e));

/**
 * How `actual` differs from `expected` anywhere, or undefined: by more than `tol`, or by a non-finite value.
 * `tol` is per dtype: a correct float32 result is rounded, a float64 one is not.
 */
export function difference(
  actual: Outcome,
  expected: Outcome,
  tol: Partial<Record<DType, number>>,
): string | undefined {
  if (isRejected(actual) || isRejected(expected)) {
    if (!isRejected(actual) || !isRejected(expected))
      return `${isRejected(actual) ? 'rejects' : 'accepts'} the call`;
    return actual.rejected === expected.rejected
      ? undefined
      : `rejects the call naming ${actual.rejected ?? 'no clause'}, expected ${expected.rejected}`;
  }
  for (const key of ['output', 'h_n'] as const) {
    const [a, e] = [actual[key], expected[key]];
    if (a.dtype !== e.dtype) return `${key} dtype ${a.dtype}, expected ${e.dtype}`;
    if (a.shape.join() !== e.shape.join()) return `${key} shape [${a.shape}], expected [${e.shape}]`;
    for (let i = 0; i < e.data.length; i++) {
      if (!close(a.data[i], e.data[i], tol[e.dtype] ?? 0))
        return `${key}[${i}] ${a.data[i]}, expected ${e.data[i]}`;
    }
  }
  return undefined;
}
