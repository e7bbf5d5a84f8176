// Faulty GRUs that are right at small sizes and wrong past a size: the tail of a vectorised loop, a code path
// above a batch or length threshold, precision that switches with size, a fixed-size buffer (gru.num.any-size).
import { baseSteps, dot, type GruSteps, type Terms, type Weights } from './base-gru.js';
import { type FaultyGru, faultySteps } from './fault.js';

/** The first unit of the tail past the last multiple of `width` (H when H is a multiple of it). */
const tailStart = (H: number, width: number) => Math.floor(H / width) * width;

/**
 * A vectorised path taken from H = width on: the base step, then `fix` for every unit of the tail past the last
 * multiple of `width` (below `width` the scalar path, which is right, does everything).
 */
function withTail(
  width: number,
  fix: (s: GruSteps, w: Weights, x: Float64Array, h: Float64Array, j: number) => number,
) {
  return (s: GruSteps, w: Weights, x: Float64Array, h: Float64Array) => {
    const next = baseSteps.step(s, w, x, h);
    if (h.length < width) return next;
    for (let j = tailStart(h.length, width); j < h.length; j++) next[j] = fix(s, w, x, h, j);
    return next;
  };
}

type Dot = (w: Float64Array, row: number, v: Float64Array) => number;

/** Unit j's next state from the base cell, its dot products taken by `product`, some terms changed. */
function unit(
  s: GruSteps,
  w: Weights,
  x: Float64Array,
  h: Float64Array,
  j: number,
  change: (t: Terms) => void = () => undefined,
  product: Dot = dot,
) {
  const H = h.length;
  const t: Terms = {
    xr: product(w.wIh, j, x),
    xz: product(w.wIh, H + j, x),
    xn: product(w.wIh, 2 * H + j, x),
    hr: product(w.wHh, j, h),
    hz: product(w.wHh, H + j, h),
    hn: product(w.wHh, 2 * H + j, h),
    bir: w.bIh[j],
    biz: w.bIh[H + j],
    bin: w.bIh[2 * H + j],
    bhr: w.bHh[j],
    bhz: w.bHh[H + j],
    bhn: w.bHh[2 * H + j],
  };
  change(t);
  return s.cell(s, t, h[j]);
}

/** float32 arithmetic for a dot product: every product and partial sum rounded. */
function dot32(w: Float64Array, row: number, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum = Math.fround(sum + Math.fround(w[row * v.length + i] * v[i]));
  return sum;
}

/** Per-call facts a fault needs in steps that are not told them: the batch and the step count. */
const seen = { batch: 0, steps: 0, k: 0 };
const recording: Partial<GruSteps> = {
  initialState(o, call, layer, d, n) {
    seen.batch = call.batch;
    seen.steps = call.steps;
    return baseSteps.initialState(o, call, layer, d, n);
  },
};

export const sizeFaults: FaultyGru[] = [
  faultySteps(
    {
      id: 'tail-past-8-no-recurrent-bias',
      description: 'in the hidden units past the last multiple of 8, the remainder loop leaves out b_hh',
      clause: 'gru.num.any-size',
      mistake: 'vector-tail',
      where:
        /only hidden units \d+(\.\.\d+)? of \d+ differ \(a tail of \d+ past a multiple of (8|16|32|64|128|256)\)/,
    },
    {
      step: withTail(8, (s, w, x, h, j) =>
        unit(s, w, x, h, j, (t) => {
          t.bhr = 0;
          t.bhz = 0;
          t.bhn = 0;
        }),
      ),
    },
  ),
  faultySteps(
    {
      id: 'tail-past-16-stale',
      description: 'never writes the hidden units past the last multiple of 16: they keep the previous state',
      clause: 'gru.num.any-size',
      mistake: 'vector-tail',
      where:
        /only hidden units \d+(\.\.\d+)? of \d+ differ \(a tail of \d+ past a multiple of (16|32|64|128|256)\)/,
    },
    { step: withTail(16, (_s, _w, _x, h, j) => h[j]) },
  ),
  faultySteps(
    {
      id: 'input-tail-past-32-dropped',
      description:
        'the input projection reads input features in blocks of 32 and drops the features past the last block',
      clause: 'gru.num.any-size',
      mistake: 'vector-tail',
    },
    {
      step: (s, w, x, h) => {
        const kept = x.length > 32 ? tailStart(x.length, 32) : x.length;
        const cut = Float64Array.from(x, (v, i) => (i < kept ? v : 0));
        return baseSteps.step(s, w, cut, h);
      },
    },
  ),
  faultySteps(
    {
      id: 'tail-past-4-z-reads-r',
      description:
        'in the hidden units past the last multiple of 4, the update gate reads the reset gate rows',
      clause: 'gru.num.any-size',
      mistake: 'vector-tail',
      where: /only hidden units \d+(\.\.\d+)? of \d+ differ \(a tail of \d+ past a multiple of \d+\)/,
    },
    {
      step: withTail(4, (s, w, x, h, j) =>
        unit(s, w, x, h, j, (t) => {
          t.xz = t.xr;
          t.hz = t.hr;
          t.biz = t.bir;
          t.bhz = t.bhr;
        }),
      ),
    },
  ),
  faultySteps(
    {
      id: 'batch-8-hx-rows-shifted',
      description: 'from batch 8 on, a batched path reads the initial state of batch row n from row n + 1',
      clause: 'gru.num.any-size',
      mistake: 'batch-path',
      where: /batch rows/,
    },
    {
      initialState(o, call, layer, d, n) {
        const shifted = call.batch >= 8 && n + 1 < call.batch ? n + 1 : n;
        return baseSteps.initialState(o, call, layer, d, shifted);
      },
    },
  ),
  faultySteps(
    {
      id: 'batch-16-no-recurrence',
      description: 'from batch 16 on, a batched path starts every step from h0 instead of the previous state',
      clause: 'gru.num.any-size',
      mistake: 'batch-path',
    },
    { ...recording, previousState: (h, h0) => (seen.batch >= 16 ? h0 : h) },
  ),
  faultySteps(
    {
      id: 'batch-32-last-row-unwritten',
      description: 'from batch 32 on, the last batch row of the output is never written (left at zero)',
      clause: 'gru.num.any-size',
      mistake: 'batch-path',
      where: /only batch rows \d+ of \d+ differ/,
    },
    {
      pack(s, o, call, out, hN, dtype) {
        if (call.batch >= 32) {
          const W = (o.bidirectional ? 2 : 1) * o.hidden_size;
          for (let t = 0; t < call.steps; t++)
            out.fill(0, (t * call.batch + call.batch - 1) * W, (t * call.batch + call.batch) * W);
        }
        return baseSteps.pack(s, o, call, out, hN, dtype);
      },
    },
  ),
  faultySteps(
    {
      id: 'float32-sums-from-hidden-64',
      description: 'from hidden_size 64 on, accumulates every dot product in float32, float64 requests too',
      clause: 'gru.num.any-size',
      mistake: 'precision-by-size',
    },
    {
      step(s, w, x, h) {
        if (h.length < 64) return baseSteps.step(s, w, x, h);
        return h.map((_hj, j) => unit(s, w, x, h, j, undefined, dot32));
      },
    },
  ),
  faultySteps(
    {
      id: 'float32-state-from-256-steps',
      description: 'from 256 steps on, keeps the state between steps in float32, float64 requests too',
      clause: 'gru.num.any-size',
      mistake: 'precision-by-size',
    },
    { ...recording, previousState: (h) => (seen.steps >= 256 ? h.map(Math.fround) : h) },
  ),
  faultySteps(
    {
      id: 'input-truncated-at-128',
      description: 'copies the input features into a fixed buffer of 128 and ignores the rest',
      clause: 'gru.num.any-size',
      mistake: 'fixed-buffer',
    },
    {
      step: (s, w, x, h) =>
        baseSteps.step(s, w, x.length > 128 ? Float64Array.from(x, (v, i) => (i < 128 ? v : 0)) : x, h),
    },
  ),
  faultySteps(
    {
      id: 'hidden-buffer-of-256',
      description: 'keeps the state in a buffer of 256 units: units past 256 are never updated',
      clause: 'gru.num.any-size',
      mistake: 'fixed-buffer',
      where: /only hidden units 256 of 257 differ/,
    },
    {
      step(s, w, x, h) {
        const next = baseSteps.step(s, w, x, h);
        for (let j = 256; j < h.length; j++) next[j] = h[j];
        return next;
      },
    },
  ),
  faultySteps(
    {
      id: 'state-reset-every-256-steps',
      description: 'processes long sequences in chunks of 256 steps and restarts each chunk from h0',
      clause: 'gru.num.any-size',
      mistake: 'chunk-boundary',
      where: /differs from t = 25[56] on|differs at \d+ of \d+ steps, first at t = 25[56]/,
    },
    {
      timeIndex(k, L, reverse) {
        seen.k = k;
        return baseSteps.timeIndex(k, L, reverse);
      },
      previousState: (h, h0) => (seen.k > 0 && seen.k % 256 === 0 ? h0 : h),
    },
  ),
  faultySteps(
    {
      id: 'chunk-of-128-rereads-input',
      description: 'at each boundary of 128 steps the next chunk re-reads the last input of the previous one',
      clause: 'gru.num.any-size',
      mistake: 'chunk-boundary',
    },
    {
      timeIndex(k, L, reverse) {
        const { read, write } = baseSteps.timeIndex(k, L, reverse);
        const boundary = k > 0 && k % 128 === 0;
        return { read: boundary ? read + (reverse ? 1 : -1) : read, write };
      },
    },
  ),
  faultySteps(
    {
      id: 'hidden-tile-of-512',
      description:
        'takes W_hh h in one tile of 512 units with no tail: past 512 units, h_(t-1) counts only to 512',
      clause: 'gru.num.any-size',
      mistake: 'fixed-buffer',
    },
    {
      step(s, w, x, h) {
        if (h.length <= 512) return baseSteps.step(s, w, x, h);
        const tile = h.map((e, i) => (i < 512 ? e : 0));
        const firstTile: Dot = (m, row, v) => dot(m, row, v === h ? tile : v);
        return Float64Array.from(h, (_, j) => unit(s, w, x, h, j, undefined, firstTile));
      },
    },
  ),
  faultySteps(
    {
      id: 'input-chunks-of-1024-reread-the-first',
      description: 'reads the input in chunks of 1024 steps and every later chunk reads the first one again',
      clause: 'gru.num.any-size',
      mistake: 'chunk-boundary',
    },
    {
      timeIndex(k, L, reverse) {
        const { read, write } = baseSteps.timeIndex(k, L, reverse);
        return { read: read % 1024, write };
      },
    },
  ),
];
