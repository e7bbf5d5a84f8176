// The backward variants the diagnosis knows (capability `backward`): backpropagation through time with switches,
// each a mistake real backward passes made. All switches off is the right backward (gru.grad.*), which the
// oracle computes; this is a second, switchable writing of it for naming what a wrong backward computes.
import { numDirections, parameterSuffix, resolveKwargs, type Tensor } from '../../oracle/index.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import { oracleResult } from '../contract/oracle-implementation.js';

export interface BackwardSwitches {
  /** No gradient through r * (W_hn h + b_hn). */
  noResetProduct?: boolean;
  /** b_hn's gradient sums da_n, as if b_hn were outside the reset product. */
  bhnOutside?: boolean;
  /** dz with the wrong sign. */
  updateSignFlipped?: boolean;
  /** The gates' derivative taken as tanh's, 1 - s^2. */
  gateDerivativeTanh?: boolean;
  /** hx gets no gradient. */
  noHxGradient?: boolean;
  /** The reverse direction reads the output gradient unflipped. */
  reverseMisaligned?: boolean;
  /** The state gradient is dropped after this many steps back. */
  truncateAfter?: number;
  /** A layer's input gradient is the last direction's only, not the sum. */
  layersOverwritten?: boolean;
  /** The dropout masks are not applied in the backward. */
  maskIgnored?: boolean;
  /** Weight gradients in column-major order under the weight's shape. */
  weightsTransposed?: boolean;
  /** Parameter gradients averaged over the batch. */
  batchAveraged?: boolean;
  /** The h_n upstream is dropped. */
  hnIgnored?: boolean;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** [a, b, c] -> [b, a, c] */
function swap01(x: Float64Array, a: number, b: number, c: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let k = 0; k < a * b; k++) y.set(x.subarray(k * c, k * c + c), ((k % b) * a + Math.floor(k / b)) * c);
  return y;
}

const dotRow = (w: Float64Array, j: number, n: number, v: Float64Array, off: number) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += w[j * n + i] * v[off + i];
  return s;
};

/** The gradients of a valid backward request under the switches (the request is validated by the oracle first). */
export function variantBackward(sw: BackwardSwitches, r: GruBackwardRequest): Record<string, Tensor> {
  oracleResult(r); // validates the call
  const o = resolveKwargs(r.kwargs).options;
  const [H, D, layers] = [o.hidden_size, numDirections(o), o.num_layers];
  const batched = r.input.shape.length === 3;
  const bf = batched && o.batch_first;
  const L = r.input.shape[bf ? 1 : 0];
  const N = batched ? r.input.shape[bf ? 0 : 1] : 1;
  const p = r.parameters;
  const size = D * layers * N * H;
  const h0 = r.hx ? r.hx.data : new Float64Array(size);
  const masks = r.dropoutMasks;
  const grads: Record<string, Float64Array> = {};
  const zeros = () => new Float64Array(3 * H);
  const bias = (name: string) => (o.bias ? p[name].data : zeros());

  /** Layer l, direction d: the forward (out) or the backward (adds into dxs, returns dL/dh0). */
  function run(
    l: number,
    d: number,
    xs: Float64Array,
    out: Float64Array | null,
    dOut?: Float64Array,
    dxs?: Float64Array,
  ) {
    const k = parameterSuffix(l, d);
    const width = l === 0 ? o.input_size : D * H;
    const [wih, whh, bih, bhh] = [
      p[`weight_ih${k}`].data,
      p[`weight_hh${k}`].data,
      bias(`bias_ih${k}`),
      bias(`bias_hh${k}`),
    ];
    const row = (l * D + d) * N * H;
    const time = Array.from({ length: L }, (_, s) => (d === 1 ? L - 1 - s : s));
    const hs = [h0.slice(row, row + N * H)];
    const cache: Float64Array[][] = [];
    for (const t of time) {
      const hp = hs.at(-1)!;
      const [h, rr, zz, cc, gn] = Array.from({ length: 5 }, () => new Float64Array(N * H));
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const i = n * H + j;
          const a = (q: number) => dotRow(wih, q * H + j, width, xs, (t * N + n) * width) + bih[q * H + j];
          const b = (q: number) => dotRow(whh, q * H + j, H, hp, n * H) + bhh[q * H + j];
          rr[i] = sigmoid(a(0) + b(0));
          zz[i] = sigmoid(a(1) + b(1));
          gn[i] = b(2);
          cc[i] = Math.tanh(a(2) + rr[i] * gn[i]);
          h[i] = (1 - zz[i]) * cc[i] + zz[i] * hp[i];
          if (out) out[(t * N + n) * D * H + d * H + j] = h[i];
        }
      }
      cache.push([rr, zz, cc, gn]);
      hs.push(h);
    }
    if (!dOut || !dxs) return null;
    const [dWih, dWhh, dbih, dbhh] = [
      new Float64Array(3 * H * width),
      new Float64Array(3 * H * H),
      zeros(),
      zeros(),
    ];
    const hn = r.upstream.h_n && !sw.hnIgnored ? r.upstream.h_n.data : new Float64Array(size);
    let dh = hn.slice(row, row + N * H);
    for (let s = L - 1; s >= 0; s--) {
      const t = time[s];
      const tOut = sw.reverseMisaligned ? s : t;
      const hp = hs[s];
      const [rr, zz, cc, gn] = cache[s];
      const next = new Float64Array(N * H);
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const i = n * H + j;
          const g = dh[i] + dOut[(tOut * N + n) * D * H + d * H + j];
          const [r1, z1, c1] = [rr[i], zz[i], cc[i]];
          const dn = g * (1 - z1) * (1 - c1 * c1);
          const slope = (v: number) => (sw.gateDerivativeTanh ? 1 - v * v : v * (1 - v));
          const dz = (sw.updateSignFlipped ? -1 : 1) * g * (hp[i] - c1) * slope(z1);
          const dr = dn * gn[i] * slope(r1);
          const gi = [dr, dz, dn];
          const gh = [dr, dz, sw.noResetProduct ? 0 : dn * r1];
          next[i] += g * z1;
          for (let q = 0; q < 3; q++) {
            const rq = q * H + j;
            dbih[rq] += gi[q];
            dbhh[rq] += q === 2 && sw.bhnOutside ? dn : gh[q];
            for (let m = 0; m < H; m++) {
              dWhh[rq * H + m] += gh[q] * hp[n * H + m];
              next[n * H + m] += whh[rq * H + m] * gh[q];
            }
            const xo = (t * N + n) * width;
            for (let m = 0; m < width; m++) {
              dWih[rq * width + m] += gi[q] * xs[xo + m];
              dxs[xo + m] += wih[rq * width + m] * gi[q];
            }
          }
        }
      }
      dh = sw.truncateAfter !== undefined && L - s >= sw.truncateAfter ? new Float64Array(N * H) : next;
    }
    const layout = (w: Float64Array, cols: number) => {
      if (!sw.weightsTransposed) return w;
      const tr = new Float64Array(w.length);
      for (let i = 0; i < 3 * H; i++) for (let j = 0; j < cols; j++) tr[j * 3 * H + i] = w[i * cols + j];
      return tr;
    };
    const reduce = (g: Float64Array) => (sw.batchAveraged && N > 1 ? g.map((v) => v / N) : g);
    grads[`weight_ih${k}`] = reduce(layout(dWih, width));
    grads[`weight_hh${k}`] = reduce(layout(dWhh, H));
    if (o.bias) [grads[`bias_ih${k}`], grads[`bias_hh${k}`]] = [reduce(dbih), reduce(dbhh)];
    return dh;
  }

  const inputs = [bf ? swap01(r.input.data, N, L, o.input_size) : r.input.data];
  for (let l = 0; l + 1 < layers; l++) {
    const out = new Float64Array(L * N * D * H);
    for (let d = 0; d < D; d++) run(l, d, inputs[l], out);
    inputs.push(masks ? out.map((v, i) => v * masks[l].data[i]) : out);
  }
  const up = r.upstream.output;
  let dOut = up ? (bf ? swap01(up.data, N, L, D * H) : up.data) : new Float64Array(L * N * D * H);
  const dh0 = new Float64Array(size);
  for (let l = layers - 1; l >= 0; l--) {
    const width = l === 0 ? o.input_size : D * H;
    const dxs = new Float64Array(L * N * width);
    for (let d = 0; d < D; d++) {
      const part = new Float64Array(L * N * width);
      dh0.set(run(l, d, inputs[l], null, dOut, part)!, (l * D + d) * N * H);
      if (sw.layersOverwritten) dxs.set(part);
      else for (let i = 0; i < part.length; i++) dxs[i] += part[i];
    }
    dOut = l > 0 && masks && !sw.maskIgnored ? dxs.map((v, i) => v * masks[l - 1].data[i]) : dxs;
  }
  const t = (shape: number[], data: Float64Array): Tensor => ({ dtype: r.dtype, shape: [...shape], data });
  const out: Record<string, Tensor> = {
    input: t(r.input.shape, bf ? swap01(dOut, L, N, o.input_size) : dOut),
  };
  if (r.hx) out.hx = t(r.hx.shape, sw.noHxGradient ? new Float64Array(size) : dh0);
  for (const name of Object.keys(p)) out[name] = t(p[name].shape, grads[name]);
  return out;
}

/** The backward variants the diagnosis names. */
export const BACKWARD_VARIANTS = [
  {
    id: 'grad-reset-product-dropped',
    label: 'no gradient through r * (W_hn h + b_hn)',
    switches: { noResetProduct: true },
  },
  {
    id: 'grad-b-hn-outside-reset',
    label: "b_hn's gradient taken as if b_hn were outside the reset product",
    switches: { bhnOutside: true },
  },
  {
    id: 'grad-update-sign-flipped',
    label: "the update gate's gradient with the wrong sign",
    switches: { updateSignFlipped: true },
  },
  {
    id: 'grad-gate-derivative-tanh',
    label: "the gates' derivative taken as tanh's, 1 - s^2",
    switches: { gateDerivativeTanh: true },
  },
  {
    id: 'grad-hx-detached',
    label: 'no gradient into hx (the initial state detached)',
    switches: { noHxGradient: true },
  },
  {
    id: 'grad-reverse-misaligned',
    label: "the reverse direction's output gradient not flipped in time",
    switches: { reverseMisaligned: true },
  },
  {
    id: 'grad-truncated-3',
    label: 'truncated backpropagation through time (3 steps)',
    switches: { truncateAfter: 3 },
  },
  {
    id: 'grad-layers-overwritten',
    label: "a lower layer's output gradient from one direction only (= instead of +=)",
    switches: { layersOverwritten: true },
  },
  {
    id: 'grad-mask-ignored',
    label: 'dropout masks not applied in the backward',
    switches: { maskIgnored: true },
  },
  {
    id: 'grad-weights-transposed',
    label: 'weight gradients in column-major order',
    switches: { weightsTransposed: true },
  },
  {
    id: 'grad-batch-averaged',
    label: 'parameter gradients averaged over the batch instead of summed',
    switches: { batchAveraged: true },
  },
  {
    id: 'grad-h-n-upstream-dropped',
    label: 'the h_n upstream gradient dropped',
    switches: { hnIgnored: true },
  },
] as const satisfies readonly { id: string; label: string; switches: BackwardSwitches }[];

export type BackwardVariantId = (typeof BACKWARD_VARIANTS)[number]['id'];
