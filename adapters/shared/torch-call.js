// nn.GRU's forward checks on input and hx, in PyTorch's order, and the layout both ways: the caller's tensors
// to time-major [L, N, features] arrays, and a time-major result back to torch's output and h_n tensors.
import { reject } from './reject.js';

/** @typedef {{dtype: 'float32' | 'float64', shape: number[], data: Float64Array}} Tensor */
/** @typedef {{L: number, N: number, batched: boolean, x: Float64Array, hx: Float64Array | null, hxShape: number[]}} Call */

/** [a, b, c] -> [b, a, c], row-major. */
export function swap01(data, a, b, c) {
  const out = new Float64Array(data.length);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) out.set(data.subarray((i * b + j) * c, (i * b + j + 1) * c), (j * a + i) * c);
  }
  return out;
}

/**
 * @param {import('./torch-kwargs.js').GruOptions} o
 * @param {'float32' | 'float64'} dtype the parameters' dtype
 * @param {Tensor} input @param {Tensor | null | undefined} hx @returns {Call}
 */
export function torchCall(o, dtype, input, hx) {
  const rank = input.shape.length;
  if (rank !== 2 && rank !== 3)
    reject('gru.err.input-rank', `input must be 2-D or 3-D, got [${input.shape}]`);
  if (hx != null && hx.shape.length !== rank)
    reject('gru.err.hx-rank', `hx must be ${rank}-D, got [${hx.shape}]`);
  if (input.dtype !== dtype)
    reject('gru.err.input-dtype', `input is ${input.dtype}, the parameters ${dtype}`);
  if (input.shape[rank - 1] !== o.I) reject('gru.err.input-features', `input.size(-1) must be ${o.I}`);
  const batched = rank === 3;
  const batchFirst = batched && o.batchFirst; // batch_first is ignored for unbatched input
  const L = input.shape[batchFirst ? 1 : 0];
  const N = batched ? input.shape[batchFirst ? 0 : 1] : 1;
  const rows = o.D * o.layers;
  const hxShape = batched ? [rows, N, o.H] : [rows, o.H]; // never batch-first
  if (hx != null && String(hx.shape) !== String(hxShape)) {
    reject('gru.err.hx-shape', `hx must have shape [${hxShape}], got [${hx.shape}]`);
  }
  if (hx != null && hx.dtype !== input.dtype)
    reject('gru.err.hx-dtype', `hx is ${hx.dtype}, input ${input.dtype}`);
  if (L === 0) reject('gru.err.seq-len-zero', 'the sequence length must be greater than zero');
  const x = batchFirst ? swap01(input.data, N, L, o.I) : input.data;
  return { L, N, batched, x, hx: hx == null ? null : hx.data, hxShape };
}

const rounded = (dtype, data) => (dtype === 'float32' ? data.map(Math.fround) : data);

/**
 * @param {import('./torch-kwargs.js').GruOptions} o @param {'float32' | 'float64'} dtype @param {Call} call
 * @param {ArrayLike<number>} y the last layer's output, [L, N, D*H] @param {ArrayLike<number>} hN [D*layers, N, H]
 * @returns {{output: Tensor, h_n: Tensor}}
 */
export function torchResponse(o, dtype, call, y, hN) {
  const { L, N, batched, hxShape } = call;
  const W = o.D * o.H;
  const batchFirst = batched && o.batchFirst;
  const data = batchFirst ? swap01(Float64Array.from(y), L, N, W) : Float64Array.from(y);
  const shape = !batched ? [L, W] : batchFirst ? [N, L, W] : [L, N, W];
  return {
    output: { dtype, shape, data: rounded(dtype, data) },
    h_n: { dtype, shape: hxShape, data: rounded(dtype, Float64Array.from(hN)) },
  };
}
