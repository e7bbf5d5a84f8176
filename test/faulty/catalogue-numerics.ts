// Faulty GRUs whose arithmetic is wrong: overflow in tanh, float32 precision for float64 (gru.num.*).
import type { Weights } from './base-gru.js';
import { baseSteps, type FaultyGru, faultySteps } from './fault.js';

const f = Math.fround;

/** Row `row` of w times v, every operand and every partial result rounded to float32. */
function dot32(w: Float64Array, row: number, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum = f(sum + f(f(w[row * v.length + i]) * f(v[i])));
  return sum;
}

/** One step in float32 arithmetic: Math.fround after every operation. */
function float32Step(w: Weights, x: Float64Array, h: Float64Array): Float64Array {
  const H = h.length;
  const sigmoid = (v: number) => f(1 / f(1 + f(Math.exp(-v))));
  const input = (row: number) => f(dot32(w.wIh, row, x) + f(w.bIh[row]));
  const hidden = (row: number) => f(dot32(w.wHh, row, h) + f(w.bHh[row]));
  return h.map((hj, j) => {
    const r = sigmoid(f(input(j) + hidden(j)));
    const z = sigmoid(f(input(H + j) + hidden(H + j)));
    const n = f(Math.tanh(f(input(2 * H + j) + f(r * hidden(2 * H + j)))));
    return f(f(f(1 - z) * n) + f(z * f(hj)));
  });
}

export const numericFaults: FaultyGru[] = [
  faultySteps(
    {
      id: 'naive-tanh',
      description: 'computes tanh as (e^x - e^-x) / (e^x + e^-x), which is NaN once |x| > 710',
      clause: 'gru.num.saturation',
      variant: 'overflowing-tanh',
    },
    { tanh: (v) => (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v)) },
  ),
  faultySteps(
    {
      id: 'float64-in-float32',
      description: 'computes float64 requests in float32 arithmetic (Math.fround after every operation)',
      clause: 'gru.num.tolerance',
      mistake: 'low-precision',
    },
    { step: (_s, w, x, h) => float32Step(w, x, h) },
  ),
  faultySteps(
    {
      id: 'nan-input-read-as-zero',
      description:
        'reads a NaN in the input as 0 (a sanitising copy of the input), so bad data goes unnoticed',
      clause: 'gru.num.nan-propagation',
      mistake: 'nan-swallowed',
    },
    {
      layout(o, input, hx) {
        const clean = { ...input, data: input.data.map((v) => (Number.isNaN(v) ? 0 : v)) };
        return baseSteps.layout(o, clean, hx);
      },
    },
  ),
  faultySteps(
    {
      id: 'subnormal-state-flushed',
      description:
        "flushes every state below float32's smallest normal (2^-126) to zero before each step, as a kernel built with FTZ/DAZ does",
      clause: 'gru.num.signed-zero-subnormal',
      mistake: 'flush-to-zero',
    },
    { previousState: (h) => h.map((v) => (Math.abs(v) < 2 ** -126 ? 0 : v)) },
  ),
  faultySteps(
    {
      id: 'nan-clamped-by-activations',
      description:
        'clamps gate pre-activations to [-20, 20] with comparisons that send NaN to -20, so NaN saturates',
      clause: 'gru.num.nan-propagation',
      mistake: 'nan-swallowed',
    },
    {
      sigmoid: (v) => baseSteps.sigmoid(clampSendingNaNLow(v)),
      tanh: (v) => Math.tanh(clampSendingNaNLow(v)),
    },
  ),
];

/** Clamps to [-20, 20] the way a careless kernel does: every comparison with NaN is false, so NaN lands on -20.
 * (Math.min/Math.max would keep NaN, which is exactly what this fault must not do.) */
function clampSendingNaNLow(v: number): number {
  if (!(v >= -20)) return -20;
  // biome-ignore lint/complexity/useMathMinMax: the comparison order is the fault being modelled
  return v <= 20 ? v : 20;
}
