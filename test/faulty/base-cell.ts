// The base GRU's nn.GRUCell: one step of the same recipe (s.step with its gate rows, activations and update),
// with the cell's own kwargs, parameters, checks and shapes. A faulty cell replaces one of these steps, or one
// of the GRU's that a step uses; its nn.GRU stays the base's.
import type { GruCellRequest, GruCellResponse } from '../../harness/contract/cell-request.js';
import type { DType, GruCellKwargs, GruCellOptions, GruParameters, Tensor } from '../../oracle/index.js';
import { type Check, runChecks } from './base-checks.js';
import type { GruSteps, Weights } from './base-steps.js';

/** The cell call as its checks see it, after the kwargs are resolved and the parameters checked. */
export interface CellCall {
  o: GruCellOptions;
  dtype: DType;
  input: Tensor;
  hx: Tensor | null;
}

/** The call as rows: input [N, I] and hx [N, H] (zeros when omitted). */
export interface CellLayout {
  batched: boolean;
  batch: number;
  input: Float64Array;
  hx: Float64Array;
}

/** The steps of nn.GRUCell's forward that only the cell has. */
export interface CellSteps {
  resolveCell(kwargs: GruCellKwargs): GruCellOptions;
  checkCellParameters(o: GruCellOptions, params: GruParameters): DType;
  cellChecks: Check<CellCall>[];
  cellLayout(o: GruCellOptions, input: Tensor, hx: Tensor | null): CellLayout;
  cellWeights(o: GruCellOptions, params: GruParameters): Weights;
  packCell(
    s: CellRecipe,
    call: CellLayout,
    h: Float64Array,
    o: GruCellOptions,
    dtype: DType,
  ): GruCellResponse;
}

export type CellRecipe = GruSteps & CellSteps;

const SIGNATURE = ['input_size', 'hidden_size', 'bias', 'device', 'dtype'];
const fmt = (shape: number[]) => `[${shape.join(', ')}]`;
const fail = (clause: string, why: string) => Object.assign(new Error(`${clause}: ${why}`), { clause });

/** Forward checks of the cell in PyTorch's order (GRUCell.forward, then gru_cell's checks, then the matmul). */
export const CELL_CHECKS: Check<CellCall>[] = [
  {
    clause: 'gru.cell.err-input-rank',
    rejects: ({ input }) => ([1, 2].includes(input.shape.length) ? undefined : `input ${fmt(input.shape)}`),
  },
  {
    clause: 'gru.cell.err-hx-rank',
    rejects: ({ hx }) =>
      hx === null || [1, 2].includes(hx.shape.length) ? undefined : `hx ${fmt(hx.shape)}`,
  },
  {
    clause: 'gru.cell.err-input-features',
    rejects: ({ o, input }) =>
      input.shape.at(-1) === o.input_size ? undefined : `input ${fmt(input.shape)}`,
  },
  {
    clause: 'gru.cell.err-hx-rank-mismatch',
    rejects: ({ input, hx }) =>
      hx === null || hx.shape.length === input.shape.length ? undefined : `hx ${fmt(hx.shape)}`,
  },
  {
    clause: 'gru.cell.err-batch-mismatch',
    rejects: ({ input, hx }) =>
      hx === null || input.shape.length === 1 || hx.shape[0] === input.shape[0]
        ? undefined
        : `hx ${fmt(hx.shape)}`,
  },
  {
    clause: 'gru.cell.err-hidden-size',
    rejects: ({ o, hx }) =>
      hx === null || hx.shape.at(-1) === o.hidden_size ? undefined : `hx ${fmt(hx.shape)}`,
  },
  {
    clause: 'gru.cell.err-dtype',
    rejects: ({ dtype, input, hx }) =>
      input.dtype === dtype && (hx === null || hx.dtype === dtype) ? undefined : `not ${dtype}`,
  },
];

export const baseCellSteps: CellSteps = {
  // gru.cell.signature, gru.cell.lenient-kwargs: only the names are checked; bias by its truth value
  resolveCell(kwargs) {
    const unknown = Object.keys(kwargs).filter((k) => !SIGNATURE.includes(k));
    if (unknown.length > 0) throw fail('gru.cell.err-unknown-kwarg', `unexpected ${unknown.join(', ')}`);
    const bias = Object.hasOwn(kwargs, 'bias') ? Boolean(kwargs.bias) : true;
    return { input_size: Number(kwargs.input_size), hidden_size: Number(kwargs.hidden_size), bias };
  },
  // gru.cell.param-names
  checkCellParameters(o, params) {
    const H = o.hidden_size;
    const want: [string, number[]][] = [
      ['weight_ih', [3 * H, o.input_size]],
      ['weight_hh', [3 * H, H]],
      ...(o.bias
        ? ([
            ['bias_ih', [3 * H]],
            ['bias_hh', [3 * H]],
          ] as [string, number[]][])
        : []),
    ];
    const names = Object.keys(params).sort().join(',');
    if (
      names !==
      want
        .map(([n]) => n)
        .sort()
        .join(',')
    )
      throw fail('gru.cell.param-names', `got ${names}`);
    for (const [name, shape] of want)
      if (fmt(params[name].shape) !== fmt(shape)) throw fail('gru.cell.param-names', `${name} ${fmt(shape)}`);
    return params.weight_ih.dtype;
  },
  cellChecks: CELL_CHECKS,
  // gru.cell.shapes, gru.cell.hx-zeros
  cellLayout(o, input, hx) {
    const batched = input.shape.length === 2;
    const batch = batched ? input.shape[0] : 1;
    return { batched, batch, input: input.data, hx: hx?.data ?? new Float64Array(batch * o.hidden_size) };
  },
  cellWeights(o, params) {
    const zeros = new Float64Array(3 * o.hidden_size);
    return {
      wIh: params.weight_ih.data,
      wHh: params.weight_hh.data,
      bIh: o.bias ? params.bias_ih.data : zeros,
      bHh: o.bias ? params.bias_hh.data : zeros,
    };
  },
  // gru.cell.shapes: (N, H), a batch of one included; (H) unbatched; gru.cell.dtype
  packCell(s, call, h, o, dtype) {
    const shape = call.batched ? [call.batch, o.hidden_size] : [o.hidden_size];
    return { h: { dtype, shape, data: h.map((v) => s.round(v, dtype)) } };
  },
};

/** nn.GRUCell's forward with the given steps: each row is one step of the recipe (gru.cell.step). */
export function runCell(s: CellRecipe, request: GruCellRequest): GruCellResponse {
  const o = s.resolveCell(request.kwargs);
  const dtype = s.checkCellParameters(o, request.parameters);
  const hx = request.hx ?? null;
  runChecks(s.cellChecks, { o, dtype, input: request.input, hx });
  const call = s.cellLayout(o, request.input, hx);
  const w = s.cellWeights(o, request.parameters);
  const [I, H] = [o.input_size, o.hidden_size];
  const h = new Float64Array(call.batch * H);
  for (let n = 0; n < call.batch; n++) {
    const x = call.input.subarray(n * I, (n + 1) * I);
    h.set(s.step(s, w, x, call.hx.slice(n * H, (n + 1) * H)), n * H);
  }
  return s.packCell(s, call, h, o, request.input.dtype);
}
