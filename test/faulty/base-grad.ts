// The base of the faulty backward passes (capability `backward`): the bundled JavaScript example's forward, right,
// with a backward by backpropagation through time made of small steps, each a place where real backward passes
// go wrong. A faulty backward is this base with one step replaced (test/faulty/catalogue-grad.ts).
import javascriptExample from '../../examples/js/gru.js';
import type { GruBackwardRequest, GruBackwardResponse } from '../../harness/contract/backward-request.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import type { GruRequest, GruResponse } from '../../harness/contract/request.js';
import { numDirections, parameterSuffix, resolveKwargs, type Tensor } from '../../oracle/index.js';

const example = javascriptExample as Implementation;
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** One step's forward values at one unit, and what the step's backward gives back. */
export interface Local {
  /** dL/dh_t (the upstream at t plus what the step after passed back). */
  g: number;
  r: number;
  z: number;
  /** The new gate n_t. */
  c: number;
  /** W_hn h_(t-1) + b_hn. */
  ghn: number;
  hPrev: number;
}
export interface LocalBack {
  /** dL/d(W_ih x + b_ih) for the r, z, n rows. */
  gi: [number, number, number];
  /** dL/d(W_hh h + b_hh) for the r, z, n rows. */
  gh: [number, number, number];
  /** What h_(t-1) receives directly (besides W_hh^T gh). */
  hPrev: number;
}

export interface GradSteps {
  /** Through the step at one unit (gru.grad.hidden-update, gru.grad.new-gate, gru.grad.gates). */
  local(v: Local): LocalBack;
  /** The time step whose output gradient direction d reads at its `step`-th processed step (gru.grad.bptt). */
  outputStep(d: number, step: number, L: number): number;
  /** What b_hh's r, z, n rows receive from the step (the base: gh itself; gru.grad.new-gate). */
  biasHh(back: LocalBack): [number, number, number];
  /** What flows back to the previous step (the base: all of it) after `stepsBack` steps (gru.grad.bptt). */
  carry(dh: Float64Array, stepsBack: number): Float64Array;
  /** hx's gradient from what the first processed step passed back (gru.grad.bptt). */
  hxGradient(dh0: Float64Array): Float64Array;
  /** The h_n gradient a direction starts from (gru.grad.bptt, gru.grad.layers). */
  hnStart(upstream: Float64Array): Float64Array;
  /** Direction d's input gradient joined with the others' into the layer's (gru.grad.layers). */
  join(sum: Float64Array, part: Float64Array, d: number): void;
  /** The lower layer's output gradient from the upper layer's input gradient and the mask (gru.grad.dropout). */
  throughMask(dx: Float64Array, mask: Tensor | undefined): Float64Array;
  /** A weight gradient (rows x cols, row-major) as it is answered (gru.grad.parameters). */
  weightLayout(dW: Float64Array, rows: number, cols: number): Float64Array;
  /** One addition into a weight or bias gradient (gru.grad.parameters). */
  accumulate(sum: number, term: number): number;
  /** A parameter gradient after the batch of N (gru.grad.parameters): the base sums, it does not average. */
  reduceBatch(grad: Float64Array, N: number): Float64Array;
}

export const baseGradSteps: GradSteps = {
  local({ g, r, z, c, ghn, hPrev }) {
    const dn = g * (1 - z) * (1 - c * c);
    const dz = g * (hPrev - c) * z * (1 - z);
    const dr = dn * ghn * r * (1 - r);
    return { gi: [dr, dz, dn], gh: [dr, dz, dn * r], hPrev: g * z };
  },
  biasHh: (back) => back.gh,
  outputStep: (d, step, L) => (d === 1 ? L - 1 - step : step),
  carry: (dh) => dh,
  hxGradient: (dh0) => dh0,
  hnStart: (upstream) => Float64Array.from(upstream),
  join(sum, part) {
    for (let i = 0; i < sum.length; i++) sum[i] += part[i];
  },
  throughMask: (dx, mask) => (mask ? dx.map((v, i) => v * mask.data[i]) : dx),
  weightLayout: (dW) => dW,
  accumulate: (sum, term) => sum + term,
  reduceBatch: (grad) => grad,
};

/** [a, b, c] -> [b, a, c] */
function swap01(x: Float64Array, a: number, b: number, c: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let k = 0; k < a * b; k++) y.set(x.subarray(k * c, k * c + c), ((k % b) * a + Math.floor(k / b)) * c);
  return y;
}

interface Run {
  s: GradSteps;
  p: GruRequest['parameters'];
  L: number;
  N: number;
  H: number;
  D: number;
  bias: boolean;
  h0: Float64Array;
  grads: Record<string, Float64Array>;
}

/** Row j of W (rows x cols) dotted with v at offset. */
function dotRow(w: Float64Array, j: number, cols: number, v: Float64Array, off: number): number {
  let s = 0;
  for (let i = 0; i < cols; i++) s += w[j * cols + i] * v[off + i];
  return s;
}

/** Layer l, direction d over xs [L, N, width]: its output into out and its gradients, given dOut. */
function direction(
  run: Run,
  l: number,
  d: number,
  xs: Float64Array,
  width: number,
  dOut: Float64Array | null,
  out: Float64Array | null,
  dhN: Float64Array | null,
  dxs: Float64Array | null,
): Float64Array {
  const { s, p, L, N, H, D } = run;
  const k = parameterSuffix(l, d);
  const wih = p[`weight_ih${k}`].data;
  const whh = p[`weight_hh${k}`].data;
  const bih = run.bias ? p[`bias_ih${k}`].data : new Float64Array(3 * H);
  const bhh = run.bias ? p[`bias_hh${k}`].data : new Float64Array(3 * H);
  const row = (l * D + d) * N * H;
  const hs = [run.h0.slice(row, row + N * H)];
  const gates: { r: Float64Array; z: Float64Array; c: Float64Array; ghn: Float64Array }[] = [];
  const order = Array.from({ length: L }, (_, step) => s.outputStep(d, step, L));
  const time = Array.from({ length: L }, (_, step) => (d === 1 ? L - 1 - step : step));
  for (const t of time) {
    const hp = hs.at(-1)!;
    const h = new Float64Array(N * H);
    const g = { r: new Float64Array(N * H), z: new Float64Array(N * H), c: new Float64Array(N * H) };
    const ghn = new Float64Array(N * H);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        const xo = (t * N + n) * width;
        const a = (q: number) => dotRow(wih, q * H + j, width, xs, xo) + bih[q * H + j];
        const b = (q: number) => dotRow(whh, q * H + j, H, hp, n * H) + bhh[q * H + j];
        const i = n * H + j;
        g.r[i] = sigmoid(a(0) + b(0));
        g.z[i] = sigmoid(a(1) + b(1));
        ghn[i] = b(2);
        g.c[i] = Math.tanh(a(2) + g.r[i] * ghn[i]);
        h[i] = (1 - g.z[i]) * g.c[i] + g.z[i] * hp[i];
        if (out) out[(t * N + n) * D * H + d * H + j] = h[i];
      }
    }
    gates.push({ ...g, ghn });
    hs.push(h);
  }
  if (dOut === null || dhN === null || dxs === null) return hs[L];
  const dWih = new Float64Array(3 * H * width);
  const dWhh = new Float64Array(3 * H * H);
  const dbih = new Float64Array(3 * H);
  const dbhh = new Float64Array(3 * H);
  let dh = s.hnStart(dhN.subarray(row, row + N * H));
  for (let step = L - 1; step >= 0; step--) {
    const t = time[step];
    const hp = hs[step];
    const { r, z, c, ghn } = gates[step];
    const next = new Float64Array(N * H);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        const i = n * H + j;
        const g = dh[i] + dOut[(order[step] * N + n) * D * H + d * H + j];
        const back = s.local({ g, r: r[i], z: z[i], c: c[i], ghn: ghn[i], hPrev: hp[i] });
        next[i] += back.hPrev;
        const toBias = s.biasHh(back);
        for (let q = 0; q < 3; q++) {
          const [gi, gh] = [back.gi[q], back.gh[q]];
          const rowq = q * H + j;
          dbih[rowq] = s.accumulate(dbih[rowq], gi);
          dbhh[rowq] = s.accumulate(dbhh[rowq], toBias[q]);
          for (let m = 0; m < H; m++) {
            dWhh[rowq * H + m] = s.accumulate(dWhh[rowq * H + m], gh * hp[n * H + m]);
            next[n * H + m] += whh[rowq * H + m] * gh;
          }
          const xo = (t * N + n) * width;
          for (let m = 0; m < width; m++) {
            dWih[rowq * width + m] = s.accumulate(dWih[rowq * width + m], gi * xs[xo + m]);
            dxs[xo + m] += wih[rowq * width + m] * gi;
          }
        }
      }
    }
    dh = s.carry(next, L - step);
  }
  run.grads[`weight_ih${k}`] = s.reduceBatch(s.weightLayout(dWih, 3 * H, width), N);
  run.grads[`weight_hh${k}`] = s.reduceBatch(s.weightLayout(dWhh, 3 * H, H), N);
  if (run.bias) {
    run.grads[`bias_ih${k}`] = s.reduceBatch(dbih, N);
    run.grads[`bias_hh${k}`] = s.reduceBatch(dbhh, N);
  }
  return dh;
}

/** The gradients of the request's call under the steps `s` (validation: the example's forward, which rejects). */
export function runBackward(s: GradSteps, request: GruBackwardRequest): GruBackwardResponse {
  const { kwargs, dtype, parameters: p, input, hx, dropoutMasks: masks, upstream } = request;
  const fwd = example.forward(request) as GruResponse; // validates the call as nn.GRU does
  const o = resolveKwargs(kwargs).options;
  const [H, D, layers] = [o.hidden_size, numDirections(o), o.num_layers];
  const batched = input.shape.length === 3;
  const bf = batched && o.batch_first;
  const L = input.shape[bf ? 1 : 0];
  const N = batched ? input.shape[bf ? 0 : 1] : 1;
  for (const [name, t] of [
    ['output', fwd.output],
    ['h_n', fwd.h_n],
  ] as const) {
    const g = upstream[name];
    if (g && g.shape.join() !== t.shape.join()) {
      const e = new Error(`upstream ${name} has shape [${g.shape}], ${name} has [${t.shape}]`);
      throw Object.assign(e, { clause: 'gru.grad.err-upstream-shape' });
    }
  }
  const size = D * layers * N * H;
  const run: Run = { s, p, L, N, H, D, bias: o.bias, h0: hx ? hx.data : new Float64Array(size), grads: {} };
  const inputs = [bf ? swap01(input.data, N, L, o.input_size) : input.data];
  for (let l = 0; l + 1 < layers; l++) {
    const out = new Float64Array(L * N * D * H);
    const width = l === 0 ? o.input_size : D * H;
    for (let d = 0; d < D; d++) direction(run, l, d, inputs[l], width, null, out, null, null);
    inputs.push(masks ? out.map((v, i) => v * masks[l].data[i]) : out);
  }
  const dhN = upstream.h_n ? upstream.h_n.data : new Float64Array(size);
  let dOut = upstream.output
    ? bf
      ? swap01(upstream.output.data, N, L, D * H)
      : upstream.output.data
    : new Float64Array(L * N * D * H);
  const dh0 = new Float64Array(size);
  for (let l = layers - 1; l >= 0; l--) {
    const width = l === 0 ? o.input_size : D * H;
    const dxs = new Float64Array(L * N * width);
    for (let d = 0; d < D; d++) {
      const part = new Float64Array(L * N * width);
      const dh = direction(run, l, d, inputs[l], width, dOut, null, dhN, part);
      s.join(dxs, part, d);
      dh0.set(dh, (l * D + d) * N * H);
    }
    dOut = l > 0 ? s.throughMask(dxs, masks?.[l - 1]) : dxs;
  }
  const round = (x: Float64Array) => (dtype === 'float32' ? x.map(Math.fround) : x);
  const tensor = (shape: number[], data: Float64Array): Tensor => ({
    dtype,
    shape: [...shape],
    data: round(data),
  });
  const gradients: Record<string, Tensor> = {
    input: tensor(input.shape, bf ? swap01(dOut, L, N, o.input_size) : dOut),
  };
  if (hx) gradients.hx = tensor(hx.shape, s.hxGradient(dh0));
  for (const name of Object.keys(p)) gradients[name] = tensor(p[name].shape, run.grads[name]);
  return { gradients };
}

/** An implementation: the example's forward (eval and training mode) and the backward of `overrides`. */
export function gradOf(name: string, overrides: Partial<GradSteps> = {}) {
  const steps: GradSteps = { ...baseGradSteps, ...overrides };
  return {
    name,
    capabilities: { trainMasks: true, backward: true },
    forward: (request: GruRequest): GruResponse => example.forward(request) as GruResponse,
    backward: (request: GruBackwardRequest): GruBackwardResponse => runBackward(steps, request),
  };
}

/** The right base every faulty backward is made from. */
export const baseGrad = gradOf('base-grad');
