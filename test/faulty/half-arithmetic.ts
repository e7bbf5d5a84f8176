// GRUs that compute in a half-precision format step by step, as gru.dtype.half-arithmetic says PyTorch does, and
// the realistic ways of doing it otherwise. Steps of the base GRU (base-gru.ts): the test of the clause replays
// the half goldens through them, the tolerance calibration measures them, and the catalogue's half faults use them.
import type { DType } from '../../oracle/index.js';
import { baseSteps, dot, type GruSteps, gruOf, type Weights } from './base-gru.js';

/** How a half-precision GRU rounds. */
export interface HalfArithmetic {
  /** Rounds a value to the format the GRU computes in. */
  round: (v: number) => number;
  /** Each product and partial sum of a matrix product rounded to the format (no float32 accumulator). */
  accumulateInHalf?: boolean;
  /** W x rounded before its bias is added (and the sum rounded again), as a matmul followed by an add does. */
  biasAfterRounding?: boolean;
  /**
   * Only the input projection W_ih x of layer 0 of a batch_first call rounded before b_ih is added: what torch
   * does, because at::linear folds the bias into the product only for a contiguous input, and a batch_first
   * input reaches it transposed (gru.dtype.half-arithmetic).
   */
  batchFirstInputBiasAfterRounding?: boolean;
}

/** Row `row` of w times v, every product and partial sum rounded. */
function halfDot(w: Float64Array, row: number, v: Float64Array, round: (v: number) => number): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum = round(sum + round(w[row * v.length + i] * v[i]));
  return sum;
}

/** Where a step is: whether the input projection it computes rounds before its bias. */
interface StepPlace {
  inputBiasAfterRounding: boolean;
}

/** One step, rounding where `a` says: torch's order of operations (gru.dtype.half-arithmetic). */
export function halfStep(
  a: HalfArithmetic,
  place: StepPlace = { inputBiasAfterRounding: false },
): GruSteps['step'] {
  const f = a.round;
  const product = (w: Float64Array, b: Float64Array, row: number, v: Float64Array, late: boolean): number => {
    const wv = a.accumulateInHalf ? halfDot(w, row, v, f) : dot(w, row, v);
    return late || a.biasAfterRounding || a.accumulateInHalf ? f(f(wv) + b[row]) : f(wv + b[row]);
  };
  return (s, w: Weights, x, h) => {
    const H = h.length;
    const { ih, hh } = s.gateRows(H);
    const late = place.inputBiasAfterRounding;
    const input = (row: number) => product(w.wIh, w.bIh, row, x, late);
    const hidden = (row: number) => product(w.wHh, w.bHh, row, h, false);
    return h.map((hj, j) => {
      const r = f(s.sigmoid(f(hidden(hh.r + j) + input(ih.r + j))));
      const z = f(s.sigmoid(f(hidden(hh.z + j) + input(ih.z + j))));
      const n = f(s.tanh(f(input(ih.n + j) + f(hidden(hh.n + j) * r))));
      return f(f(f(hj - n) * z) + n);
    });
  };
}

/** How a half-precision GRU is built: where it rounds, and whether it rounds what it is given once more. */
export type HalfGruOptions = Omit<HalfArithmetic, 'round'> & {
  /** The input, hx and parameters passed through this before computing (a second rounding, a fault). */
  inputsRounded?: (v: number) => number;
};

/** A GRU computing in half precision: `round` for the request's dtype, or a fixed one (a wrong format). */
export function halfGru(name: string, a: HalfGruOptions, format?: (v: number) => number) {
  let dtype: DType = 'float64';
  let batchFirst = false;
  const place: StepPlace = { inputBiasAfterRounding: false };
  const round = (v: number) => (format ? format(v) : baseSteps.round(v, dtype));
  return gruOf(name, {
    step: halfStep({ ...a, round }, place),
    checkParameters(o, params) {
      dtype = baseSteps.checkParameters(o, params);
      return dtype;
    },
    layout(o, input, hx) {
      const call = baseSteps.layout(o, input, hx);
      batchFirst = call.batchFirst;
      const again = a.inputsRounded;
      return again ? { ...call, input: call.input.map(again), hx: call.hx.map(again) } : call;
    },
    weights(o, params, layer, d) {
      place.inputBiasAfterRounding = a.batchFirstInputBiasAfterRounding === true && batchFirst && layer === 0;
      const w = baseSteps.weights(o, params, layer, d);
      const again = a.inputsRounded;
      if (!again) return w;
      return { wIh: w.wIh.map(again), wHh: w.wHh.map(again), bIh: w.bIh.map(again), bHh: w.bHh.map(again) };
    },
  });
}
