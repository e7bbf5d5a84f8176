// FROZEN: the oracle's direction loop as it was before the blocked matrix-times-vectors kernel
// (oracle/gru-direction.ts at commit 0281336), kept unchanged as the reference that
// test/oracle/bit-identical.test.ts compares the optimised oracle against. Do not edit or speed it up.
import { sigmoid, tanh } from '../../oracle/activations.js';
import type { DirectionWeights } from '../../oracle/parameters.js';

/** Sum of w[wRow * n + i] * v[vOff + i] for i < n: one row of a row-major weight matrix times a vector. */
function dot(w: Float64Array, wRow: number, v: Float64Array, vOff: number, n: number): number {
  const wOff = wRow * n;
  let s = 0;
  for (let i = 0; i < n; i++) s += w[wOff + i] * v[vOff + i];
  return s;
}

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
}

/** Runs one direction of one layer and writes each step's state into the output, in time order. */
export function runDirection(w: DirectionWeights, run: DirectionRun): void {
  const { steps, batch, inSize, hidden: H } = run;
  const h = run.h0.slice(run.h0Offset, run.h0Offset + batch * H);
  const hNext = new Float64Array(H);
  for (let s = 0; s < steps; s++) {
    // gru.dir.reverse-time: the reverse direction processes t = L-1, ..., 0
    const t = run.reverse ? steps - 1 - s : s;
    for (let n = 0; n < batch; n++) {
      const x = (t * batch + n) * inSize;
      const hp = n * H; // gru.eq.recurrence: h_(t-1) is this direction's previous state
      for (let j = 0; j < H; j++) {
        // gru.eq.gate-order: rows [0, H) are r, [H, 2H) are z, [2H, 3H) are n
        const rj = j;
        const zj = H + j;
        const nj = 2 * H + j;
        // gru.eq.reset-gate: r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
        const r = sigmoid(
          dot(w.wIh, rj, run.input, x, inSize) + w.bIh[rj] + (dot(w.wHh, rj, h, hp, H) + w.bHh[rj]),
        );
        // gru.eq.update-gate: z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
        const z = sigmoid(
          dot(w.wIh, zj, run.input, x, inSize) + w.bIh[zj] + (dot(w.wHh, zj, h, hp, H) + w.bHh[zj]),
        );
        // gru.eq.new-gate: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), b_hn inside the reset product
        const nGate = tanh(
          dot(w.wIh, nj, run.input, x, inSize) + w.bIh[nj] + r * (dot(w.wHh, nj, h, hp, H) + w.bHh[nj]),
        );
        // gru.eq.hidden-update: h' = (1 - z) * n + z * h
        hNext[j] = (1 - z) * nGate + z * h[hp + j];
      }
      h.set(hNext, hp);
      // gru.dir.reverse-output-time-aligned: the state after reading x_t is stored at time t
      run.output.set(hNext, (t * batch + n) * run.outWidth + run.outColumn);
    }
  }
  run.hN.set(h, run.hNOffset);
}
