// A correct in-process nn.GRU built from small replaceable steps; each faulty GRU replaces one or two of them.
// Written apart from oracle/ on purpose: the catalogue's faults are variations of this, not of the oracle.
import type { GruCellRequest, GruCellResponse } from '../../harness/contract/cell-request.js';
import type { GruRequest, GruResponse } from '../../harness/contract/request.js';
import { roundToDtype } from '../../oracle/index.js';
import { baseCellSteps, type CellRecipe, runCell } from './base-cell.js';
import {
  checkParameters,
  FORWARD_CHECKS,
  inputSizes,
  KWARG_CHECKS,
  runChecks,
  stateShape,
} from './base-checks.js';
import { dot, type GruSteps, swap01, type Terms } from './base-steps.js';

export {
  dot,
  type GateRows,
  type GruSteps,
  type Layout,
  swap01,
  type Terms,
  type Weights,
} from './base-steps.js';

const truthy = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : !!v;

export const baseSteps: GruSteps = {
  // gru.ctor.signature and gru.default.*
  defaults: { num_layers: 1, bias: true, batch_first: false, dropout: 0, bidirectional: false },
  kwargChecks: KWARG_CHECKS,
  forwardChecks: FORWARD_CHECKS,
  resolve(s, kwargs) {
    runChecks(s.kwargChecks, kwargs);
    const arg = (name: keyof GruSteps['defaults']) =>
      Object.hasOwn(kwargs, name) ? kwargs[name] : s.defaults[name];
    return {
      input_size: Number(kwargs.input_size),
      hidden_size: Number(kwargs.hidden_size),
      num_layers: Number(arg('num_layers')),
      bias: truthy(arg('bias')),
      batch_first: truthy(arg('batch_first')),
      dropout: Number(arg('dropout')),
      bidirectional: truthy(arg('bidirectional')),
    };
  },
  checkParameters: (o, params) => checkParameters(o, params),
  // gru.shape.input-batched, gru.shape.unbatched, gru.default.hx-zeros
  layout(o, input, hx) {
    const { batched, steps, batch } = inputSizes(o, input);
    const batchFirst = batched && o.batch_first;
    const features = input.shape[input.shape.length - 1];
    return {
      batched,
      batchFirst,
      steps,
      batch,
      input: batchFirst ? swap01(input.data, batch, steps, features) : input.data,
      hx: hx !== null ? hx.data : new Float64Array(stateShape(o, input).reduce((a, b) => a * b, 1)),
    };
  },
  sigmoid: (v) => 0.5 + 0.5 * Math.tanh(0.5 * v),
  tanh: (v) => Math.tanh(v),
  // gru.eq.gate-order: r | z | n in every parameter
  gateRows: (H) => ({ ih: { r: 0, z: H, n: 2 * H }, hh: { r: 0, z: H, n: 2 * H } }),
  weights(o, params, layer, d) {
    const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
    const zeros = new Float64Array(3 * o.hidden_size); // gru.eq.no-bias
    return {
      wIh: params[`weight_ih${suffix}`].data,
      wHh: params[`weight_hh${suffix}`].data,
      bIh: o.bias ? params[`bias_ih${suffix}`].data : zeros,
      bHh: o.bias ? params[`bias_hh${suffix}`].data : zeros,
    };
  },
  step(s, w, x, h) {
    const { ih, hh } = s.gateRows(h.length);
    const next = new Float64Array(h.length);
    for (let j = 0; j < h.length; j++) {
      const terms: Terms = {
        xr: dot(w.wIh, ih.r + j, x),
        xz: dot(w.wIh, ih.z + j, x),
        xn: dot(w.wIh, ih.n + j, x),
        hr: dot(w.wHh, hh.r + j, h),
        hz: dot(w.wHh, hh.z + j, h),
        hn: dot(w.wHh, hh.n + j, h),
        bir: w.bIh[ih.r + j],
        biz: w.bIh[ih.z + j],
        bin: w.bIh[ih.n + j],
        bhr: w.bHh[hh.r + j],
        bhz: w.bHh[hh.z + j],
        bhn: w.bHh[hh.n + j],
      };
      next[j] = s.cell(s, terms, h[j]);
    }
    return next;
  },
  cell(s, t, h) {
    const r = s.sigmoid(t.xr + t.bir + (t.hr + t.bhr)); // gru.eq.reset-gate
    const z = s.sigmoid(t.xz + t.biz + (t.hz + t.bhz)); // gru.eq.update-gate
    return s.hiddenUpdate(z, s.newGate(s, t, r), h);
  },
  newGate: (s, t, r) => s.tanh(t.xn + t.bin + r * (t.hn + t.bhn)), // gru.eq.new-gate
  hiddenUpdate: (z, n, h) => (1 - z) * n + z * h, // gru.eq.hidden-update
  // gru.dir.reverse-time, gru.dir.reverse-output-time-aligned
  timeIndex: (k, L, reverse) => {
    const t = reverse ? L - 1 - k : k;
    return { read: t, write: t };
  },
  previousState: (h) => h, // gru.eq.recurrence
  initialState(o, call, layer, d, n) {
    const D = o.bidirectional ? 2 : 1;
    const at = ((layer * D + d) * call.batch + n) * o.hidden_size; // gru.dir.h-n-index
    return call.hx.slice(at, at + o.hidden_size);
  },
  nextLayerInput: (out) => out, // gru.layer.stacking; gru.dropout.eval-identity
  hNRow: (o, layer, d) => layer * (o.bidirectional ? 2 : 1) + d,
  pack(s, o, call, out, hN, dtype) {
    const { steps: L, batch: N } = call;
    const W = (o.bidirectional ? 2 : 1) * o.hidden_size;
    const rows = (o.bidirectional ? 2 : 1) * o.num_layers;
    const shape = !call.batched ? [L, W] : call.batchFirst ? [N, L, W] : [L, N, W];
    const data = call.batchFirst ? swap01(out, L, N, W) : out;
    const round = (v: number) => s.round(v, dtype);
    return {
      output: { dtype, shape, data: data.map(round) },
      h_n: {
        dtype,
        shape: call.batched ? [rows, N, o.hidden_size] : [rows, o.hidden_size],
        data: hN.map(round),
      },
    };
  },
  // gru.dtype.output-matches-input: computed in float64, rounded once to the result's dtype
  round: (v, dtype) => roundToDtype(dtype, v),
};

/** nn.GRU's forward with the given steps. */
export function runGru(s: GruSteps, request: GruRequest): GruResponse {
  const o = s.resolve(s, request.kwargs);
  const dtype = s.checkParameters(o, request.parameters);
  const hx = request.hx ?? null;
  runChecks(s.forwardChecks, { o, dtype, input: request.input, hx });
  const call = s.layout(o, request.input, hx);
  const D = o.bidirectional ? 2 : 1;
  const W = D * o.hidden_size;
  const hN = new Float64Array(D * o.num_layers * call.batch * o.hidden_size);
  let x = call.input;
  let out = x;
  for (let layer = 0; layer < o.num_layers; layer++) {
    out = new Float64Array(call.steps * call.batch * W);
    const inSize = layer === 0 ? o.input_size : W; // gru.layer.input-width
    for (let d = 0; d < D; d++) {
      const w = s.weights(o, request.parameters, layer, d);
      for (let n = 0; n < call.batch; n++) {
        const h0 = s.initialState(o, call, layer, d, n);
        let h = h0;
        for (let k = 0; k < call.steps; k++) {
          const { read, write } = s.timeIndex(k, call.steps, d === 1);
          const at = (read * call.batch + n) * inSize;
          h = s.step(s, w, x.subarray(at, at + inSize), s.previousState(h, h0));
          // gru.dir.output-concat: direction d fills columns [d * H, (d + 1) * H); times outside [0, L) are dropped
          if (write >= 0 && write < call.steps) out.set(h, (write * call.batch + n) * W + d * o.hidden_size);
        }
        hN.set(h, (s.hNRow(o, layer, d) * call.batch + n) * o.hidden_size);
      }
    }
    if (layer < o.num_layers - 1) x = s.nextLayerInput(out, o, layer);
  }
  return s.pack(s, o, call, out, hN, request.input.dtype);
}

/** An in-process implementation made of `steps`: the base GRU, or one fault of it. */
export function gruOf(name: string, overrides: Partial<GruSteps> = {}) {
  const steps: GruSteps = { ...baseSteps, ...overrides };
  return { name, forward: (request: GruRequest): GruResponse => runGru(steps, request) };
}

/** The base GRU with an nn.GRUCell (capability `cell`) made of the base steps with `cellOverrides`. */
export function withCellOf(name: string, cellOverrides: Partial<CellRecipe> = {}) {
  const steps: CellRecipe = { ...baseSteps, ...baseCellSteps, ...cellOverrides };
  return {
    ...gruOf(name),
    capabilities: { cell: true },
    forwardCell: (request: GruCellRequest): GruCellResponse => runCell(steps, request),
  };
}

/** The base every fault is made from: nn.GRU and nn.GRUCell. */
export const baseGru = withCellOf('base-gru');
