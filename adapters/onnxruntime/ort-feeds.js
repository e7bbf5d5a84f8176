// PyTorch's state_dict and hx as ONNX GRU inputs (W, R, B, initial_h per layer), and ONNX's outputs back.
import { rznToZrn } from '../shared/gate-blocks.js';
import { paramName } from '../shared/torch-kwargs.js';
import { float16Bits, fromFloat16Bits } from './float16-bits.js';
import { names } from './gru-model.js';

/** An ORT tensor of `dtype` (float32, or float16 as binary16 bit patterns) holding `values`. */
function tensorOf(ort, dtype, values, shape) {
  if (dtype === 'float16') return new ort.Tensor('float16', Uint16Array.from(values, float16Bits), shape);
  return new ort.Tensor('float32', Float32Array.from(values), shape);
}

/** An ORT result's values as doubles (a float16 result holds bit patterns). */
const valuesOf = (t) => (t.type === 'float16' ? Float64Array.from(t.data, fromFloat16Bits) : t.data);

const join = (parts) => {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** One layer's W [D, 3H, width], R [D, 3H, H] and B [D, 6H] = [Wb, Rb] per direction. */
function layerWeights(ort, dtype, o, p, l) {
  const width = l === 0 ? o.I : o.D * o.H;
  const dirs = Array.from({ length: o.D }, (_, d) => d);
  const gates = (name, C) => dirs.map((d) => rznToZrn(p[paramName(name, l, d)].data, o.H, C));
  const n = names(l);
  const feeds = {
    [n.W]: tensorOf(ort, dtype, join(gates('weight_ih', width)), [o.D, 3 * o.H, width]),
    [n.R]: tensorOf(ort, dtype, join(gates('weight_hh', o.H)), [o.D, 3 * o.H, o.H]),
  };
  if (o.bias) {
    const [bi, bh] = [gates('bias_ih', 1), gates('bias_hh', 1)];
    feeds[n.B] = tensorOf(ort, dtype, join(dirs.flatMap((d) => [bi[d], bh[d]])), [o.D, 6 * o.H]);
  }
  return feeds;
}

/**
 * Every graph input in `dtype` (float32 or float16): X [L, N, I] time-major, sequence_lens [N] when the call has
 * lengths, each layer's weights, and hx's rows l*D..l*D+D-1 as initial_h.
 */
export function ortFeeds(ort, dtype, o, parameters, call) {
  const { L, N } = call;
  const feeds = { X: tensorOf(ort, dtype, call.x, [L, N, o.I]) };
  if (call.lengths) feeds.sequence_lens = new ort.Tensor('int32', Int32Array.from(call.lengths), [N]);
  for (let l = 0; l < o.layers; l++) {
    Object.assign(feeds, layerWeights(ort, dtype, o, parameters, l));
    if (call.hx === null) continue;
    const rows = call.hx.subarray(l * o.D * N * o.H, (l + 1) * o.D * N * o.H);
    feeds[names(l).h0] = tensorOf(ort, dtype, rows, [o.D, N, o.H]);
  }
  return feeds;
}

/** The last layer's Y [L, D, N, H] as torch's time-major output [L, N, D*H], and h_n = every Y_h stacked. */
export function ortResults(o, call, results) {
  const { L, N } = call;
  const Y = valuesOf(results[names(o.layers - 1).Y]);
  const y = new Float64Array(L * N * o.D * o.H);
  for (let t = 0; t < L; t++) {
    for (let d = 0; d < o.D; d++) {
      for (let n = 0; n < N; n++) {
        const from = ((t * o.D + d) * N + n) * o.H;
        y.set(Y.subarray(from, from + o.H), ((t * N + n) * o.D + d) * o.H);
      }
    }
  }
  const hN = join(Array.from({ length: o.layers }, (_, l) => valuesOf(results[names(l).Yh])));
  return { y, hN };
}
