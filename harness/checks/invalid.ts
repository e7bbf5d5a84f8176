// Generated invalid calls, one family per error clause: each must be rejected (gru.err.*).
import fc from 'fast-check';
import { type DType, stateRows, type Tensor, tensor } from '../../oracle/index.js';
import { caseRequest, type GruCase, gruCaseArb } from '../cases/gru-case.js';
import type { GruRequest } from '../contract/request.js';
import { safeCall } from '../contract/safe-call.js';
import { runProperty } from './property.js';
import { judgeRejection } from './rejection.js';
import type { Check } from './types.js';

type Invalidate = (r: GruRequest, c: GruCase, pick: number) => GruRequest;

const other = (d: DType): DType => (d === 'float32' ? 'float64' : 'float32');
const filled = (dtype: DType, shape: number[]) =>
  tensor(dtype, shape, Array(shape.reduce((a, b) => a * b, 1)).fill(0.25));
const withKwarg = (r: GruRequest, name: string, values: unknown[], pick: number): GruRequest => ({
  ...r,
  kwargs: { ...r.kwargs, [name]: values[pick % values.length] },
});

const INVALIDATORS: Record<string, Invalidate> = {
  'gru.err.unknown-kwarg': (r, _c, pick) =>
    withKwarg(r, ['foo', 'nonlinearity', 'hidden'][pick % 3], [1, 'tanh', 4], pick),
  'gru.err.proj-size': (r, _c, pick) => withKwarg(r, 'proj_size', [0, 1, 2], pick),
  'gru.err.input-size-type': (r, _c, pick) => withKwarg(r, 'input_size', [2.5, '3', null], pick),
  'gru.err.input-size-range': (r, _c, pick) => withKwarg(r, 'input_size', [0, -1, -7], pick),
  'gru.err.hidden-size-type': (r, _c, pick) => withKwarg(r, 'hidden_size', [2.5, '4', null], pick),
  'gru.err.hidden-size-range': (r, _c, pick) => withKwarg(r, 'hidden_size', [0, -1, -4], pick),
  'gru.err.num-layers-type': (r, _c, pick) => withKwarg(r, 'num_layers', [1.5, '2', 2.25], pick),
  'gru.err.num-layers-range': (r, _c, pick) => withKwarg(r, 'num_layers', [0, -1, -3], pick),
  'gru.err.bias-type': (r, _c, pick) => withKwarg(r, 'bias', [0, 1, 'yes'], pick),
  'gru.err.batch-first-type': (r, _c, pick) => withKwarg(r, 'batch_first', [0, 1, 'no'], pick),
  // NaN too: a range test written as !(p < 0 || p > 1) lets it through
  'gru.err.dropout-range': (r, _c, pick) =>
    withKwarg(r, 'dropout', [1.5, -0.1, true, '0.5', Number.NaN], pick),
  'gru.err.input-rank': (r, _c, pick) => {
    const shape =
      pick % 2 === 0
        ? [r.input.data.length]
        : r.input.shape.length === 3
          ? [...r.input.shape, 1]
          : [1, ...r.input.shape, 1];
    return { ...r, input: { ...r.input, shape }, hx: null };
  },
  'gru.err.input-features': (r, c, pick) => {
    const shape = [...r.input.shape];
    shape[shape.length - 1] = c.input_size + 1 + (pick % 2);
    return { ...r, input: filled(r.dtype, shape) };
  },
  'gru.err.hx-rank': (r, c) => {
    const rows = stateRows(c);
    return { ...r, hx: filled(r.dtype, c.batched ? [rows, c.hidden_size] : [rows, 1, c.hidden_size]) };
  },
  'gru.err.hx-shape': (r, c, pick) => {
    const shape = [stateRows(c), ...(c.batched ? [c.batch] : []), c.hidden_size];
    // One axis one longer, or (where the state has several rows or batch entries) one of them of size 1: a
    // shape that broadcasts, numpy-style, and that nn.GRU still rejects.
    const ones = [0, 1].filter((axis) => axis < shape.length - 1 && shape[axis] > 1);
    const variant = pick % (shape.length + ones.length);
    if (variant < shape.length) shape[variant] += 1;
    else shape[ones[variant - shape.length]] = 1;
    return { ...r, hx: filled(r.dtype, shape) };
  },
  'gru.err.input-dtype': (r) => ({
    ...r,
    input: { ...r.input, dtype: other(r.dtype), data: r.input.data.map(Math.fround) } as Tensor,
  }),
  'gru.err.hx-dtype': (r, c) => {
    const shape = [stateRows(c), ...(c.batched ? [c.batch] : []), c.hidden_size];
    return { ...r, hx: filled(other(r.dtype), shape) };
  },
  'gru.err.seq-len-zero': (r, c) => {
    const shape = !c.batched
      ? [0, c.input_size]
      : c.batch_first
        ? [c.batch, 0, c.input_size]
        : [0, c.batch, c.input_size];
    return { ...r, input: tensor(r.dtype, shape), hx: null };
  },
};

export const INVALID_CHECKS: Check[] = Object.entries(INVALIDATORS).map(([clause, invalidate]) => {
  const id = `error.generated.${clause.slice('gru.err.'.length)}`;
  return {
    id,
    family: 'error',
    clauses: [clause],
    title: `generated invalid calls (${clause}) are rejected`,
    runShare: 1 / 4,
    run: (ctx) =>
      runProperty(
        id,
        fc.tuple(gruCaseArb({ dtypes: ctx.dtypes, longSteps: 0, maxSteps: 4 }), fc.nat(11)),
        ctx,
        async ([c, pick]) => {
          const request = invalidate(caseRequest(c), c, pick);
          const o = await safeCall(ctx.impl, request, ctx.guard);
          const what = `kwargs ${JSON.stringify(request.kwargs)}, input ${request.input.dtype} [${request.input.shape}], hx ${request.hx ? `${request.hx.dtype} [${request.hx.shape}]` : 'none'}`;
          return judgeRejection(o, { clause, what, request }, ctx.strictClauses);
        },
      ),
  };
});
