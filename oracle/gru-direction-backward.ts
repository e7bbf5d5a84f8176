// Backpropagation through time of one layer, one direction (gru.grad.*). The gates are not recomputed here:
// runDirection recorded them while it ran the forward's own equations (gru-direction.ts).
import { matVecs } from './matvec.js';
import type { DirectionWeights } from './parameters.js';

export interface DirectionBackward {
  steps: number; // L
  batch: number; // N
  inSize: number; // features of x_t
  hidden: number; // H
  reverse: boolean;
  input: Float64Array; // x: [L, N, inSize], time-major, as the forward read it
  output: Float64Array; // the states h_t: [L, N, outWidth] at column outColumn, before any dropout
  outWidth: number;
  outColumn: number;
  h0: Float64Array; // [N, H] at h0Offset
  h0Offset: number;
  gates: Float64Array; // [L, N, 4H] by time: r, z, n, W_hn h_(t-1) + b_hn (runDirection's record)
  dOutput: Float64Array; // dL/d h_t from above: [L, N, outWidth] at column outColumn
  dHN: Float64Array; // dL/d h_n of this direction: [N, H] at dHNOffset
  dHNOffset: number;
  dInput: Float64Array; // dL/d x, [L, N, inSize]: this direction's part is added
  dH0: Float64Array; // dL/d h0, [N, H] written at dH0Offset
  dH0Offset: number;
}

/** The gradients of one direction's weights and biases (shapes as in DirectionWeights). */
export interface DirectionGradients {
  wIh: Float64Array;
  wHh: Float64Array;
  bIh: Float64Array;
  bHh: Float64Array;
}

/**
 * Walks the direction's steps in the opposite order of the forward, carrying dL/dh back through time.
 *
 * At each step only the elementwise part and dh_(t-1) (which the next step back needs) are computed; the
 * gate gradients of every step are kept, and the products that do not feed the recurrence (dx, dW_ih, dW_hh
 * and the biases) are taken once at the end over all steps and batch elements, as sums over (t, n).
 */
export function backDirection(w: DirectionWeights, run: DirectionBackward): DirectionGradients {
  const { steps: L, batch: N, hidden: H, inSize } = run;
  const G = 3 * H;
  const K = L * N; // rows (t, n), time-major
  const gI = new Float64Array(K * G); // g_i: dL/d(W_ih x_t + b_ih), [L, N, 3H]
  const gH = new Float64Array(K * G); // g_h: dL/d(W_hh h_(t-1) + b_hh), [L, N, 3H]
  const hPrev = new Float64Array(K * H); // h_(t-1) of each step, [L, N, H]
  const wHhT = transpose(w.wHh, G, H); // [H, 3H]
  const dh = run.dHN.slice(run.dHNOffset, run.dHNOffset + N * H); // dL/dh carried back, [N, H]
  const fromW = new Float64Array(N * H); // W_hh^T g_h of one step
  for (let s = L - 1; s >= 0; s--) {
    // gru.dir.reverse-time: step s of the forward read time t; the step before it read tBefore
    const t = run.reverse ? L - 1 - s : s;
    const tBefore = run.reverse ? t + 1 : t - 1;
    for (let n = 0; n < N; n++) {
      const k = t * N + n; // row (t, n)
      const at = k * 4 * H; // this row's gates
      for (let j = 0; j < H; j++) {
        // gru.eq.recurrence: h_(t-1) is the state of the step before, or h0 at the first step
        const hp =
          s === 0
            ? run.h0[run.h0Offset + n * H + j]
            : run.output[(tBefore * N + n) * run.outWidth + run.outColumn + j];
        hPrev[k * H + j] = hp;
        const r = run.gates[at + j];
        const z = run.gates[at + H + j];
        const nGate = run.gates[at + 2 * H + j];
        const hn = run.gates[at + 3 * H + j]; // W_hn h_(t-1) + b_hn
        // gru.grad.bptt: dh_t = G_out[t] + what the step after t passed back (G_hn at the last step)
        const dht = dh[n * H + j] + run.dOutput[k * run.outWidth + run.outColumn + j];
        // gru.grad.hidden-update: h_t = (1 - z) n + z h_(t-1)
        const dn = dht * (1 - z);
        const dz = dht * (hp - nGate);
        // gru.grad.new-gate: n = tanh(a_n), a_n = W_in x + b_in + r (W_hn h + b_hn)
        const dan = dn * (1 - nGate * nGate);
        const dr = dan * hn;
        // gru.grad.gates: through the sigmoids of r and z
        const dar = dr * r * (1 - r);
        const daz = dz * z * (1 - z);
        // gru.grad.parameters: g_i = (da_r | da_z | da_n) in gate order
        gI[k * G + j] = dar;
        gI[k * G + H + j] = daz;
        gI[k * G + 2 * H + j] = dan;
        // gru.grad.new-gate: g_h = (da_r | da_z | r da_n): b_hn sits inside the reset product
        gH[k * G + j] = dar;
        gH[k * G + H + j] = daz;
        gH[k * G + 2 * H + j] = r * dan;
        // gru.grad.hidden-update: h_(t-1) receives dh_t z_t directly
        dh[n * H + j] = dht * z;
      }
    }
    // gru.grad.parameters: and h_(t-1) receives W_hh^T g_h, for every batch element
    matVecs(wHhT, H, G, gH, t * N * G, N, fromW, 0);
    for (let i = 0; i < N * H; i++) dh[i] += fromW[i];
  }
  // gru.grad.bptt: what the first step passes back is the gradient of h0
  run.dH0.set(dh, run.dH0Offset);
  // gru.grad.parameters: dx_t = W_ih^T g_i, for every (t, n)
  const dx = new Float64Array(K * inSize);
  matVecs(transpose(w.wIh, G, inSize), inSize, G, gI, 0, K, dx, 0);
  for (let i = 0; i < dx.length; i++) run.dInput[i] += dx[i];
  return {
    // gru.grad.parameters: dW_ih = sum over (t, n) of g_i x_t^T, dW_hh = sum of g_h h_(t-1)^T
    wIh: sumOfOuterProducts(gI, G, run.input, inSize, K),
    wHh: sumOfOuterProducts(gH, G, hPrev, H, K),
    // gru.grad.parameters: db_ih = sum of g_i, db_hh = sum of g_h
    bIh: columnSums(gI, G, K),
    bHh: columnSums(gH, G, K),
  };
}

/** The transpose of a row-major [r, c] matrix a: [c, r]. */
function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
  return out;
}

/**
 * out[g * m + i] = sum over k < K of a[k * G + g] * b[k * m + i]: the sum of the K outer products of the rows of
 * a ([K, G]) and b ([K, m]), each entry a plain dot product over k in order (matVecs on the transposes).
 */
function sumOfOuterProducts(a: Float64Array, G: number, b: Float64Array, m: number, K: number): Float64Array {
  const out = new Float64Array(G * m);
  matVecs(transpose(b, K, m), m, K, transpose(a, K, G), 0, G, out, 0);
  return out;
}

/** The sum of the K rows of a [K, G] matrix, row by row. */
function columnSums(a: Float64Array, G: number, K: number): Float64Array {
  const out = new Float64Array(G);
  for (let k = 0; k < K; k++) for (let g = 0; g < G; g++) out[g] += a[k * G + g];
  return out;
}
