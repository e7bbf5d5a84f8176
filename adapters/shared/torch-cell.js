// nn.GRUCell's checks, in PyTorch's order, and its layout: the glue a backend's cell needs (capability `cell`).
// GRUCell checks only the names of its kwargs, and uses bias by its truth value (gru.cell.lenient-kwargs).
import { reject } from './reject.js';

/** @typedef {import('./torch-call.js').Tensor} Tensor */
/** @typedef {{I: number, H: number, bias: boolean}} CellOptions */
/** @typedef {{N: number, batched: boolean, x: Float64Array, h0: Float64Array}} CellCall */

const SIGNATURE = new Set(['input_size', 'hidden_size', 'bias', 'device', 'dtype']);
const pyTruthy = (v) => (v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v));

/** @param {Record<string, unknown>} kwargs @returns {CellOptions} */
export function cellOptions(kwargs) {
  const unknown = Object.keys(kwargs).find((k) => !SIGNATURE.has(k));
  if (unknown !== undefined) reject('gru.cell.err-unknown-kwarg', `unexpected keyword argument '${unknown}'`);
  const bias = Object.hasOwn(kwargs, 'bias') ? pyTruthy(kwargs.bias) : true;
  return { I: Number(kwargs.input_size), H: Number(kwargs.hidden_size), bias };
}

/** Exactly weight_ih, weight_hh and, with bias, bias_ih and bias_hh, each of its shape (gru.cell.param-names). */
export function checkCellParameters(o, parameters) {
  const G = 3 * o.H;
  const shapes = new Map([
    ['weight_ih', [G, o.I]],
    ['weight_hh', [G, o.H]],
  ]);
  if (o.bias) for (const b of ['bias_ih', 'bias_hh']) shapes.set(b, [G]);
  const names = Object.keys(parameters);
  if (names.length !== shapes.size || names.some((n) => !shapes.has(n)))
    reject('gru.cell.param-names', `expected ${[...shapes.keys()]}, got ${names}`);
  for (const [name, shape] of shapes) {
    if (String(parameters[name].shape) !== String(shape))
      reject('gru.cell.param-names', `${name} must have shape [${shape}], got [${parameters[name].shape}]`);
  }
}

/**
 * GRUCell.forward's checks, then gru_cell's, then the dtype the matrix product needs.
 * @param {CellOptions} o @param {'float32' | 'float64'} dtype @param {Tensor} input @param {Tensor | null | undefined} hx
 * @returns {CellCall}
 */
export function torchCellCall(o, dtype, input, hx) {
  const rank = input.shape.length;
  if (rank !== 1 && rank !== 2)
    reject('gru.cell.err-input-rank', `input must be 1-D or 2-D, got [${input.shape}]`);
  if (hx != null && hx.shape.length !== 1 && hx.shape.length !== 2)
    reject('gru.cell.err-hx-rank', `hx must be 1-D or 2-D, got [${hx.shape}]`);
  if (input.shape[rank - 1] !== o.I) reject('gru.cell.err-input-features', `input width must be ${o.I}`);
  const N = rank === 2 ? input.shape[0] : 1;
  if (hx != null && hx.shape.length !== rank)
    reject('gru.cell.err-hx-rank-mismatch', `hx must be ${rank}-D like the input, got [${hx.shape}]`);
  if (hx != null && rank === 2 && hx.shape[0] !== N)
    reject('gru.cell.err-batch-mismatch', `hx has ${hx.shape[0]} rows, the input ${N}`);
  if (hx != null && hx.shape[rank - 1] !== o.H) reject('gru.cell.err-hidden-size', `hx width must be ${o.H}`);
  for (const t of [input, hx])
    if (t != null && t.dtype !== dtype) reject('gru.cell.err-dtype', `${t.dtype}, the parameters ${dtype}`);
  return { N, batched: rank === 2, x: input.data, h0: hx == null ? new Float64Array(N * o.H) : hx.data };
}

/** h' as nn.GRUCell returns it: (N, H), a batch of one included, or (H) unbatched. @returns {{h: Tensor}} */
export function cellResponse(o, dtype, call, h) {
  const data = Float64Array.from(h);
  return {
    h: {
      dtype,
      shape: call.batched ? [call.N, o.H] : [o.H],
      data: dtype === 'float32' ? data.map(Math.fround) : data,
    },
  };
}
