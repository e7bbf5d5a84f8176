// Faulty GRUs that get time, direction or layer bookkeeping wrong (gru.eq.recurrence, gru.dir.*, gru.layer.*, gru.dropout.*).
import { baseSteps, type FaultyGru, faultySteps } from './fault.js';

/** A fixed pseudo-random keep/drop decision per element: a multiplicative hash of its index. */
const dropped = (i: number, p: number) => (Math.imul(i + 1, 0x9e3779b1) >>> 0) / 2 ** 32 < p;

export const timeFaults: FaultyGru[] = [
  faultySteps(
    {
      id: 'zero-input-steps-skipped',
      description:
        "skips a step whose input features are all zeros and carries the state, as Keras's mask_zero does",
      clause: 'gru.eq.recurrence',
      mistake: 'masking',
    },
    { step: (s, w, x, h) => (x.every((v) => v === 0) ? Float64Array.from(h) : baseSteps.step(s, w, x, h)) },
  ),
  faultySteps(
    {
      id: 'no-recurrence',
      description: "starts every step from the initial state h0 instead of the previous step's state",
      clause: 'gru.eq.recurrence',
      variant: 'no-recurrence',
      models: 'https://github.com/tracel-ai/burn/issues/2701 (burn iterated over a clone of h0)',
    },
    { previousState: (_h, h0) => h0 },
  ),
  faultySteps(
    {
      id: 'reverse-not-reversed',
      description: 'runs the reverse direction over t = 0, ..., L-1 like the forward one',
      clause: 'gru.dir.reverse-time',
      variant: 'reverse-not-reversed',
    },
    { timeIndex: (k) => ({ read: k, write: k }) },
  ),
  faultySteps(
    {
      id: 'reverse-not-realigned',
      description:
        "stores the reverse direction's states in processing order (state after x_t lands at L-1-t)",
      clause: 'gru.dir.reverse-output-time-aligned',
      variant: 'reverse-not-realigned',
      note: 'tfjs goBackwards returns outputs in processing order',
      models: 'https://github.com/webmachinelearning/webnn/issues/801',
    },
    { timeIndex: (k, L, reverse) => ({ read: reverse ? L - 1 - k : k, write: k }) },
  ),
  faultySteps(
    {
      id: 'output-one-step-late',
      description: 'stores each state one step late in processing order: output[t] holds the state after t-1',
      clause: 'gru.dir.h-n-final-state',
      mistake: 'off-by-one-time',
    },
    {
      timeIndex: (k, L, reverse) =>
        reverse ? { read: L - 1 - k, write: L - 2 - k } : { read: k, write: k + 1 },
    },
  ),
  faultySteps(
    {
      id: 'h-n-direction-swapped',
      description: 'writes h_n with the reverse direction before the forward one in each layer',
      clause: 'gru.dir.h-n-index',
      variant: 'h-n-direction-swapped',
    },
    { hNRow: (o, layer, d) => layer * (o.bidirectional ? 2 : 1) + (o.bidirectional ? 1 - d : d) },
  ),
  faultySteps(
    {
      id: 'h-n-layer-swapped',
      description: 'writes h_n with the last layer first',
      clause: 'gru.dir.h-n-index',
      variant: 'h-n-layer-reversed',
    },
    { hNRow: (o, layer, d) => (o.num_layers - 1 - layer) * (o.bidirectional ? 2 : 1) + d },
  ),
  faultySteps(
    {
      id: 'layer0-hx-every-layer',
      description: "starts every layer from layer 0's slice of hx",
      clause: 'gru.dir.h-n-index',
      variant: 'hx-layer-0-every-layer',
    },
    { initialState: (o, call, _layer, d, n) => baseSteps.initialState(o, call, 0, d, n) },
  ),
  faultySteps(
    {
      id: 'forward-half-only',
      description:
        "feeds layer k >= 1 only the forward half of layer k-1's output (the reverse half reads as 0)",
      clause: 'gru.layer.stacking',
      mistake: 'stacking-forward-half',
    },
    {
      nextLayerInput(out, o) {
        const H = o.hidden_size;
        if (!o.bidirectional) return out;
        return out.map((v, i) => (i % (2 * H) < H ? v : 0));
      },
    },
  ),
  faultySteps(
    {
      id: 'dropout-in-eval',
      description: 'applies inter-layer dropout in eval mode, with a fixed pseudo-random mask of rate p',
      clause: 'gru.dropout.eval-identity',
      mistake: 'dropout-in-eval',
    },
    {
      nextLayerInput(out, o) {
        const p = o.dropout;
        return p === 0 ? out : out.map((v, i) => (dropped(i, p) ? 0 : v / (1 - p)));
      },
    },
  ),
];
