// A GRU with switches for the known wrong variants (harness/variants/registry.ts), which the diagnosis and the
// distinguishability of the goldens run. With every switch off it computes nn.GRU; it is checked against the
// goldens in test/golden/distinguishability.test.ts.

import { swapFirstTwo } from '../../oracle/forward-args.js';
import type { GruParameters, Tensor } from '../../oracle/index.js';
import { numDirections, parameterSuffix, resolveKwargs } from '../../oracle/index.js';
import type { GruRequest, GruResponse } from '../contract/request.js';

export interface VariantSwitches {
  /** n = tanh(W_in x + W_hn (r * h) + b_in + b_hn): ONNX linear_before_reset=0, Keras reset_after=False. */
  resetBefore?: boolean;
  /** n = tanh(W_in x + b_in + b_hn + r * (W_hn h)): one merged bias outside the reset product. */
  bhnOutside?: boolean;
  /** Gate blocks read as z|r|n instead of r|z|n. */
  zrnOrder?: boolean;
  /** h' = z * n + (1 - z) * h. */
  zSwapped?: boolean;
  /** Gates use the hard sigmoid clip(0.2 v + 0.5, 0, 1) (Keras 2, tfjs default). */
  hardSigmoid?: boolean;
  /** tanh computed as (e^v - e^-v) / (e^v + e^-v), which is NaN once e^v overflows. */
  naiveTanh?: boolean;
  /** Every step starts from the layer's h0 instead of the previous state. */
  noRecurrence?: boolean;
  /** The reverse direction reads the input forwards in time. */
  reverseNotReversed?: boolean;
  /** The reverse direction's outputs are left in processing order (not re-aligned in time). */
  reverseNotRealigned?: boolean;
  /** h_n rows of each layer with the reverse direction first. */
  hNDirectionSwapped?: boolean;
  /** h_n rows with the last layer first. */
  hNLayerReversed?: boolean;
  /** hx ignored: every layer starts from zeros. */
  hxIgnored?: boolean;
  /** h_n transposed to (N, D * num_layers, H) when batch_first. */
  hNBatchFirst?: boolean;
  /** A batch of 0 is rejected (WebNN forbids zero-sized dimensions). */
  rejectEmptyBatch?: boolean;
  /** batch_first ignored: a (N, L, I) input is read as (L, N, I). */
  batchFirstIgnored?: boolean;
  /** The reverse direction runs with the forward direction's weights. */
  reverseForwardWeights?: boolean;
  /** hx rows read direction-major: layer k, direction d from row d * num_layers + k. */
  hxDirectionMajor?: boolean;
  /** hx read batch-first, as (N, D * num_layers, H), when batch_first=True. */
  hxBatchFirst?: boolean;
  /** Every layer starts from layer 0's rows of hx. */
  hxLayerZero?: boolean;
  /** The next layer is fed [reverse | forward] instead of [forward | reverse]. */
  nextLayerReverseFirst?: boolean;
  /** Every layer's h_n rows hold the last layer's final states. */
  hNLastLayerRepeated?: boolean;
  /** A float64 call's input and hx rounded to float32 before computing. */
  inputsRoundedToFloat32?: boolean;
}

const sigmoid = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const hardSigmoid = (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));
const naiveTanh = (v: number) => (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v));

function row(w: Float64Array, j: number, x: Float64Array, xOff: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += w[j * n + i] * x[xOff + i];
  return s;
}

function runLayer(
  s: VariantSwitches,
  p: GruParameters,
  name: string,
  x: Float64Array,
  L: number,
  N: number,
  inSize: number,
  H: number,
  h0: Float64Array,
  reverse: boolean,
  out: Float64Array,
  outW: number,
  col: number,
): Float64Array {
  const wi = p[`weight_ih${name}`].data;
  const wh = p[`weight_hh${name}`].data;
  const zero = new Float64Array(3 * H);
  const bi = p[`bias_ih${name}`]?.data ?? zero;
  const bh = p[`bias_hh${name}`]?.data ?? zero;
  const act = s.hardSigmoid ? hardSigmoid : sigmoid;
  const [R, Z] = s.zrnOrder ? [H, 0] : [0, H];
  const h = Float64Array.from(h0);
  for (let step = 0; step < L; step++) {
    const t = reverse && !s.reverseNotReversed ? L - 1 - step : step;
    const slot = reverse && s.reverseNotRealigned ? step : t;
    for (let b = 0; b < N; b++) {
      const prev = s.noRecurrence ? h0.subarray(b * H, (b + 1) * H) : h.slice(b * H, (b + 1) * H);
      const xOff = (t * N + b) * inSize;
      const gate = (j: number) => act(row(wi, j, x, xOff, inSize) + bi[j] + row(wh, j, prev, 0, H) + bh[j]);
      const r = Array.from({ length: H }, (_, j) => gate(R + j));
      const rh = Float64Array.from(prev, (v, j) => r[j] * v);
      const next = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        const z = gate(Z + j);
        const xin = row(wi, 2 * H + j, x, xOff, inSize) + bi[2 * H + j];
        const hn = s.resetBefore
          ? row(wh, 2 * H + j, rh, 0, H) + bh[2 * H + j]
          : s.bhnOutside
            ? r[j] * row(wh, 2 * H + j, prev, 0, H) + bh[2 * H + j]
            : r[j] * (row(wh, 2 * H + j, prev, 0, H) + bh[2 * H + j]);
        const n = s.naiveTanh ? naiveTanh(xin + hn) : Math.tanh(xin + hn);
        next[j] = s.zSwapped ? z * n + (1 - z) * prev[j] : (1 - z) * n + z * prev[j];
      }
      h.set(next, b * H);
      out.set(next, (slot * N + b) * outW + col);
    }
  }
  return h;
}

/** The initial state [N, H] of layer k, direction d, as the switches read it from hx [D * NL, N, H]. */
function initialState(
  s: VariantSwitches,
  hx: Float64Array,
  k: number,
  d: number,
  [D, NL, N, H]: number[],
  batchFirst: boolean,
) {
  const layer = s.hxLayerZero ? 0 : k;
  const row = s.hxDirectionMajor ? d * NL + layer : layer * D + d;
  if (!(s.hxBatchFirst && batchFirst)) return hx.subarray(row * N * H, (row + 1) * N * H);
  const h0 = new Float64Array(N * H);
  for (let b = 0; b < N; b++) h0.set(hx.subarray((b * D * NL + row) * H, (b * D * NL + row + 1) * H), b * H);
  return h0;
}

/** [forward | reverse] halves of every row swapped. */
function swapHalves(x: Float64Array, H: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += 2 * H) {
    out.set(x.subarray(i + H, i + 2 * H), i);
    out.set(x.subarray(i, i + H), i + H);
  }
  return out;
}

/** nn.GRU forward under the given variant switches (valid requests only). */
export function variantForward(s: VariantSwitches, r: GruRequest): GruResponse {
  const { options: o } = resolveKwargs(r.kwargs);
  const D = numDirections(o);
  const H = o.hidden_size;
  const NL = o.num_layers;
  const batched = r.input.shape.length === 3;
  const bf = batched && o.batch_first && !s.batchFirstIgnored;
  const [L, N] = !batched
    ? [r.input.shape[0], 1]
    : bf
      ? [r.input.shape[1], r.input.shape[0]]
      : [r.input.shape[0], r.input.shape[1]];
  if (s.rejectEmptyBatch && N === 0) throw new Error('a batch of 0 is not supported');
  const round = s.inputsRoundedToFloat32 && r.dtype === 'float64' ? Math.fround : (v: number) => v;
  const input = r.input.data.map(round);
  let x = bf ? swapFirstTwo(input, N, L, o.input_size) : input;
  const hx = ((!s.hxIgnored && r.hx?.data) || new Float64Array(D * NL * N * H)).map(round);
  const rows: Float64Array[] = [];
  for (let k = 0; k < NL; k++) {
    const out = new Float64Array(L * N * D * H);
    for (let d = 0; d < D; d++) {
      const i = k * D + d;
      rows[i] = runLayer(
        s,
        r.parameters,
        parameterSuffix(k, s.reverseForwardWeights ? 0 : d),
        x,
        L,
        N,
        k ? D * H : o.input_size,
        H,
        initialState(s, hx, k, d, [D, NL, N, H], bf),
        d === 1,
        out,
        D * H,
        d * H,
      );
    }
    x = s.nextLayerReverseFirst && D === 2 && k < NL - 1 ? swapHalves(out, H) : out;
  }
  const order = rows.map((_, i) => {
    const [k, d] = [Math.floor(i / D), i % D];
    const layer = s.hNLastLayerRepeated ? NL - 1 : s.hNLayerReversed ? NL - 1 - k : k;
    return layer * D + (s.hNDirectionSwapped ? D - 1 - d : d);
  });
  const hN = new Float64Array(rows.length * N * H);
  for (const [i, src] of order.entries()) hN.set(rows[src], i * N * H);
  const dtype = r.input.dtype;
  const output: Tensor = !batched
    ? { dtype, shape: [L, D * H], data: x }
    : bf
      ? { dtype, shape: [N, L, D * H], data: swapFirstTwo(x, L, N, D * H) }
      : { dtype, shape: [L, N, D * H], data: x };
  let h_n: Tensor = { dtype, shape: batched ? [rows.length, N, H] : [rows.length, H], data: hN };
  if (s.hNBatchFirst && bf)
    h_n = { dtype, shape: [N, rows.length, H], data: swapFirstTwo(hN, rows.length, N, H) };
  return { output, h_n };
}
