// One layer, one direction, over the whole sequence (gru.eq.*, gru.dir.reverse-time, gru.dir.reverse-output-time-aligned).
import { sigmoid, tanh } from './activations.js';
import { matVecs } from './matvec.js';
import type { DirectionWeights } from './parameters.js';

/** At most this many input projections (float64 values) are held at once: a chunk of steps of them. */
export const PROJECTION_CHUNK = 1 << 16;

export interface DirectionRun {
  steps: number; // L
  batch: number; // N
  inSize: number; // features of x_t
  hidden: number; // H
  reverse: boolean;
  input: Float64Array; // [L, N, inSize], time-major
  h0: Float64Array; // [N, H] at h0Offset
  h0Offset: number;
  output: Float64Array; // [L, N, outWidth], written at column outColumn
  outWidth: number;
  outColumn: number;
  hN: Float64Array; // final state [N, H] written at hNOffset
  hNOffset: number;
  /** When given, each step's gates are recorded here for the backward (gru.grad.*): [L, N, 4H] by time t,
   * holding r, z, n and W_hn h_(t-1) + b_hn of every unit in blocks of H. */
  gates?: Float64Array;
}

/**
 * Runs one direction of one layer and writes each step's state into the output, in time order.
 *
 * The matrix products come first: gi = W_ih x_t + b_ih for a chunk of steps at once (it does not depend
 * on h), gh = W_hh h_(t-1) for the whole batch at each step. Each gate line then adds the same terms in
 * the same order as (W_i x + b_i) + (W_h h + b_h) written out, so the results do not depend on that split.
 */
export function runDirection(w: DirectionWeights, run: DirectionRun): void {
  const { steps, batch, hidden: H } = run;
  const h = run.h0.slice(run.h0Offset, run.h0Offset + batch * H);
  const span = Math.max(1, Math.floor(PROJECTION_CHUNK / Math.max(1, batch * 3 * H))); // steps per chunk
  const gi = new Float64Array(Math.min(span, steps) * batch * 3 * H); // W_ih x_t + b_ih, [steps, N, 3H]
  const gh = new Float64Array(batch * 3 * H); // W_hh h_(t-1), [N, 3H]
  let tLo = 0; // the earliest time in gi
  for (let s = 0; s < steps; s++) {
    // gru.dir.reverse-time: the reverse direction processes t = L-1, ..., 0
    const t = run.reverse ? steps - 1 - s : s;
    if (s % span === 0) {
      const len = Math.min(span, steps - s);
      tLo = run.reverse ? t - len + 1 : t;
      projectInputs(w, run, tLo, len, gi);
    }
    // gru.eq.recurrence: h_(t-1) is this direction's previous state, for every batch element
    matVecs(w.wHh, 3 * H, H, h, 0, batch, gh, 0);
    for (let n = 0; n < batch; n++) {
      const hp = n * H;
      const xi = ((t - tLo) * batch + n) * 3 * H; // this element's row of gi
      const hi = n * 3 * H; // and of gh
      for (let j = 0; j < H; j++) {
        // gru.eq.gate-order: rows [0, H) are r, [H, 2H) are z, [2H, 3H) are n
        const rj = j;
        const zj = H + j;
        const nj = 2 * H + j;
        // gru.eq.reset-gate: r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
        const r = sigmoid(gi[xi + rj] + (gh[hi + rj] + w.bHh[rj]));
        // gru.eq.update-gate: z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
        const z = sigmoid(gi[xi + zj] + (gh[hi + zj] + w.bHh[zj]));
        // gru.eq.new-gate: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), b_hn inside the reset product
        const nGate = tanh(gi[xi + nj] + r * (gh[hi + nj] + w.bHh[nj]));
        // gru.eq.hidden-update: h' = (1 - z) * n + z * h (gh already holds what the old h gave)
        h[hp + j] = (1 - z) * nGate + z * h[hp + j];
        if (run.gates !== undefined)
          recordGates(run.gates, (t * batch + n) * 4 * H + j, H, r, z, nGate, gh[hi + nj] + w.bHh[nj]);
      }
      // gru.dir.reverse-output-time-aligned: the state after reading x_t is stored at time t
      run.output.set(h.subarray(hp, hp + H), (t * batch + n) * run.outWidth + run.outColumn);
    }
  }
  run.hN.set(h, run.hNOffset);
}

/** Stores one unit's gates at `at` (r), at + H (z), at + 2H (n) and at + 3H (W_hn h_(t-1) + b_hn). */
function recordGates(
  gates: Float64Array,
  at: number,
  H: number,
  r: number,
  z: number,
  n: number,
  hn: number,
) {
  gates[at] = r;
  gates[at + H] = z;
  gates[at + 2 * H] = n;
  gates[at + 3 * H] = hn;
}

/**
 * gi[((t - tLo) * N + n) * 3H + row] = W_ih x_t + b_ih for the `len` times from tLo, every batch element n
 * and gate row: the input half of every gate's pre-activation, which does not depend on h. The times are
 * consecutive in the time-major input, so this is one matrix times len * N vectors.
 */
function projectInputs(w: DirectionWeights, run: DirectionRun, tLo: number, len: number, gi: Float64Array) {
  const G = 3 * run.hidden;
  const count = len * run.batch;
  matVecs(w.wIh, G, run.inSize, run.input, tLo * run.batch * run.inSize, count, gi, 0);
  for (let k = 0; k < count; k++) {
    for (let row = 0; row < G; row++) gi[k * G + row] += w.bIh[row];
  }
}
