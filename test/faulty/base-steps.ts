// The shape of the base GRU's recipe: the steps a fault may replace, the data they pass, two array helpers.
import type { GruResponse } from '../../harness/contract/request.js';
import type { DType, GruKwargs, GruOptions, GruParameters, Tensor } from '../../oracle/index.js';
import type { Check, ForwardCall } from './base-checks.js';

/** The call in the engine's layout: time-major input [L, N, features], hx [D * num_layers, N, H]. */
export interface Layout {
  batched: boolean;
  batchFirst: boolean;
  steps: number;
  batch: number;
  input: Float64Array;
  hx: Float64Array;
}

/** One layer and direction's parameters; zero biases when bias=False. */
export interface Weights {
  wIh: Float64Array;
  wHh: Float64Array;
  bIh: Float64Array;
  bHh: Float64Array;
}

/** The first row of each gate's block in a [3H, ...] parameter. */
export interface GateRows {
  r: number;
  z: number;
  n: number;
}

/** One hidden unit's pre-activation terms, products (x*, h*) and biases (bi*, bh*) kept apart. */
export interface Terms {
  xr: number;
  xz: number;
  xn: number;
  hr: number;
  hz: number;
  hn: number;
  bir: number;
  biz: number;
  bin: number;
  bhr: number;
  bhz: number;
  bhn: number;
}

/** Every step of nn.GRU's forward that a fault may replace. `s` is the whole recipe, faults included. */
export interface GruSteps {
  defaults: {
    num_layers: number;
    bias: boolean;
    batch_first: boolean;
    dropout: number;
    bidirectional: boolean;
  };
  kwargChecks: Check<GruKwargs>[];
  forwardChecks: Check<ForwardCall>[];
  resolve(s: GruSteps, kwargs: GruKwargs): GruOptions;
  checkParameters(o: GruOptions, params: GruParameters): DType;
  layout(o: GruOptions, input: Tensor, hx: Tensor | null): Layout;
  sigmoid(v: number): number;
  tanh(v: number): number;
  gateRows(H: number): { ih: GateRows; hh: GateRows };
  weights(o: GruOptions, params: GruParameters, layer: number, d: number): Weights;
  /** One batch element's next state from its input x_t and previous state h. */
  step(s: GruSteps, w: Weights, x: Float64Array, h: Float64Array): Float64Array;
  cell(s: GruSteps, t: Terms, h: number): number;
  newGate(s: GruSteps, t: Terms, r: number): number;
  hiddenUpdate(z: number, n: number, h: number): number;
  /** Which input time a direction reads at its k-th step, and where it stores the state. */
  timeIndex(k: number, L: number, reverse: boolean): { read: number; write: number };
  /** The state the next step starts from, given this step's state and the initial one. */
  previousState(h: Float64Array, h0: Float64Array): Float64Array;
  initialState(o: GruOptions, call: Layout, layer: number, d: number, n: number): Float64Array;
  /** What layer + 1 reads: layer's output, directions concatenated. */
  nextLayerInput(out: Float64Array, o: GruOptions, layer: number): Float64Array;
  hNRow(o: GruOptions, layer: number, d: number): number;
  pack(
    s: GruSteps,
    o: GruOptions,
    call: Layout,
    out: Float64Array,
    hN: Float64Array,
    dtype: DType,
  ): GruResponse;
  round(v: number, dtype: DType): number;
}

/** Row `row` of a row-major matrix with v.length columns, times v. */
export function dot(w: Float64Array, row: number, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += w[row * v.length + i] * v[i];
  return sum;
}

/** Transposes the first two dimensions of a row-major [a, b, c] array. */
export function swap01(data: Float64Array, a: number, b: number, c: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < a; i++)
    for (let j = 0; j < b; j++) out.set(data.subarray((i * b + j) * c, (i * b + j + 1) * c), (j * a + i) * c);
  return out;
}
