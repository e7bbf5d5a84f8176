// Faulty backward passes (capability `backward`): the example's forward, right, with a backward that gets one
// thing wrong, each a mistake hand-written BPTT and autodiff rules are known to make. Only the grad family can
// catch them; the other faulty GRUs do not declare backward.
import { baseGradSteps, gradOf } from './base-grad.js';
import type { FaultInfo, FaultyGru } from './fault.js';

function faultyGrad(info: FaultInfo, overrides: Parameters<typeof gradOf>[1]): FaultyGru {
  return { ...info, ...gradOf(info.id, overrides) };
}

/** The r, z, n rows of a local backward with some replaced. */
const base = baseGradSteps.local;

export const gradFaults: FaultyGru[] = [
  faultyGrad(
    {
      id: 'grad-no-reset-product-path',
      description:
        'no gradient flows through r * (W_hn h + b_hn): W_hn, b_hn and h_(t-1) get nothing from it',
      clause: 'gru.grad.new-gate',
      variant: 'grad-reset-product-dropped',
      models: 'a hand-written cell backward that treats the recurrent candidate term as a constant',
    },
    {
      local(v) {
        const b = base(v);
        return { ...b, gh: [b.gh[0], b.gh[1], 0] };
      },
    },
  ),
  faultyGrad(
    {
      id: 'grad-bhn-outside-reset',
      description: "b_hn's gradient sums da_n, as if b_hn were outside the reset product (W_hn's is right)",
      clause: 'gru.grad.new-gate',
      variant: 'grad-b-hn-outside-reset',
      models: 'a backward written for the b_hn-outside variant (cuDNN-style biases folded into b_in)',
    },
    { biasHh: (b) => [b.gh[0], b.gh[1], b.gi[2]] },
  ),
  faultyGrad(
    {
      id: 'grad-update-sign-flipped',
      description: 'dz = dh * (n - h_prev): the update gate gradient has the wrong sign',
      clause: 'gru.grad.hidden-update',
      variant: 'grad-update-sign-flipped',
      models: 'deriving h = (1 - z) n + z h with the z convention of Cho et al. swapped in the backward only',
    },
    {
      local(v) {
        const b = base(v);
        return { ...b, gi: [b.gi[0], -b.gi[1], b.gi[2]], gh: [b.gh[0], -b.gh[1], b.gh[2]] };
      },
    },
  ),
  faultyGrad(
    {
      id: 'grad-sigmoid-as-tanh',
      description: "the gates' derivative is 1 - s^2 (tanh's) instead of s (1 - s)",
      clause: 'gru.grad.gates',
      variant: 'grad-gate-derivative-tanh',
    },
    {
      local(v) {
        const b = base(v);
        const rf = (1 - v.r * v.r) / (v.r * (1 - v.r) || 1);
        const zf = (1 - v.z * v.z) / (v.z * (1 - v.z) || 1);
        return { ...b, gi: [b.gi[0] * rf, b.gi[1] * zf, b.gi[2]], gh: [b.gh[0] * rf, b.gh[1] * zf, b.gh[2]] };
      },
    },
  ),
  faultyGrad(
    {
      id: 'grad-no-hx-gradient',
      description: 'hx gets a zero gradient, as if the initial state were a constant',
      clause: 'gru.grad.bptt',
      variant: 'grad-hx-detached',
      models: 'an RNN wrapper that detaches the initial state it was given',
    },
    { hxGradient: (dh0) => new Float64Array(dh0.length) },
  ),
  faultyGrad(
    {
      id: 'grad-reverse-misaligned',
      description:
        'the reverse direction reads the output gradient of step L-1-t at its step t (not reversed)',
      clause: 'gru.grad.bptt',
      variant: 'grad-reverse-misaligned',
      models: 'a bidirectional backward that flips the states but not the output gradient',
    },
    { outputStep: (_d, step) => step },
  ),
  faultyGrad(
    {
      id: 'grad-truncated-bptt',
      description: 'truncated backpropagation: the state gradient is dropped after 3 steps back',
      clause: 'gru.grad.bptt',
      variant: 'grad-truncated-3',
      models: 'a truncated-BPTT trainer (detach every k steps) used as if it were the full gradient',
    },
    { carry: (dh, stepsBack) => (stepsBack >= 3 ? new Float64Array(dh.length) : dh) },
  ),
  faultyGrad(
    {
      id: 'grad-layers-not-summed',
      description:
        "the lower layer's output gradient is the reverse direction's part only, not the sum of both",
      clause: 'gru.grad.layers',
      variant: 'grad-layers-overwritten',
      models: 'an accumulation written as an assignment (grad = instead of grad +=)',
    },
    {
      join(sum, part) {
        sum.set(part);
      },
    },
  ),
  faultyGrad(
    {
      id: 'grad-dropout-mask-ignored',
      description: 'training mode: the backward ignores the dropout masks the forward applied',
      clause: 'gru.grad.dropout',
      variant: 'grad-mask-ignored',
      models: 'a dropout whose backward is the identity',
    },
    { throughMask: (dx) => dx },
  ),
  faultyGrad(
    {
      id: 'grad-weights-transposed',
      description: "weight gradients are written column-major (dW^T's values under dW's shape)",
      clause: 'gru.grad.parameters',
      variant: 'grad-weights-transposed',
      models: 'x^T g where g^T x is meant, reshaped to the weight to make the shapes fit',
    },
    {
      weightLayout(dW, rows, cols) {
        const t = new Float64Array(dW.length);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = dW[i * cols + j];
        return t;
      },
    },
  ),
  faultyGrad(
    {
      id: 'grad-float32-accumulation',
      description: 'float64 weight and bias gradients are accumulated in float32',
      clause: 'gru.grad.parameters',
      mistake: 'float32-accumulation',
      models: 'a float32 accumulator buffer reused for every dtype',
    },
    { accumulate: (sum, term) => Math.fround(sum + term) },
  ),
  faultyGrad(
    {
      id: 'grad-batch-averaged',
      description: 'parameter gradients are averaged over the batch instead of summed',
      clause: 'gru.grad.parameters',
      variant: 'grad-batch-averaged',
      models: "a loss's mean reduction folded into the module's backward",
    },
    { reduceBatch: (grad, N) => (N > 1 ? grad.map((v) => v / N) : grad) },
  ),
  faultyGrad(
    {
      id: 'grad-hn-upstream-ignored',
      description: "the h_n gradient is dropped: each direction's BPTT starts from zeros",
      clause: 'gru.grad.bptt',
      variant: 'grad-h-n-upstream-dropped',
      models: 'a backward that takes only the output gradient, as a sequence loss does',
    },
    { hnStart: (upstream) => new Float64Array(upstream.length) },
  ),
];
