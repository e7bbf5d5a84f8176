// Faulty GRUs that get a gate equation, the gate order, a bias or an activation wrong (gru.eq.*).
import { dot } from './base-gru.js';
import { baseSteps, type FaultyGru, faultySteps } from './fault.js';

const KERAS_ORDER = 'keras-team/keras#15915 (PyTorch r|z|n blocks never permuted to Keras z|r|h)';

export const equationFaults: FaultyGru[] = [
  faultySteps(
    {
      id: 'rz-swapped',
      description:
        'computes r and z correctly but uses z to reset the candidate and r to interpolate the state',
      clause: 'gru.eq.reset-gate',
      variant: 'gate-order-zrn',
      models: KERAS_ORDER,
    },
    {
      cell(s, t, h) {
        const r = s.sigmoid(t.xr + t.bir + (t.hr + t.bhr));
        const z = s.sigmoid(t.xz + t.biz + (t.hz + t.bhz));
        return s.hiddenUpdate(r, s.newGate(s, t, z), h);
      },
    },
  ),
  faultySteps(
    {
      id: 'gate-order-zrn',
      description: 'reads every parameter as z|r|n blocks (the ONNX/Keras order) though PyTorch stacks r|z|n',
      clause: 'gru.eq.gate-order',
      variant: 'gate-order-zrn',
      note: 'ONNX and Keras stack z|r|h; PyTorch weights need the r and z blocks exchanged first',
      models: KERAS_ORDER,
    },
    { gateRows: (H) => ({ ih: { r: H, z: 0, n: 2 * H }, hh: { r: H, z: 0, n: 2 * H } }) },
  ),
  faultySteps(
    {
      id: 'n-from-z-block',
      description: 'takes the recurrent part of the new gate from the z block of weight_hh and bias_hh',
      clause: 'gru.eq.gate-order',
      mistake: 'wrong-hh-chunk',
      models: 'https://github.com/huggingface/candle/pull/688 (first commit used chunks_hh[1])',
    },
    { gateRows: (H) => ({ ih: { r: 0, z: H, n: 2 * H }, hh: { r: 0, z: H, n: H } }) },
  ),
  faultySteps(
    {
      id: 'reset-before-matmul',
      description:
        'applies the reset gate to h before the recurrent product: n = tanh(W_in x + b_in + W_hn (r*h) + b_hn)',
      clause: 'gru.eq.new-gate',
      variant: 'reset-before-matmul',
      note: 'ONNX linear_before_reset=0, Keras reset_after=False, tfjs',
      models:
        'https://github.com/pytorch/pytorch/issues/189225, https://github.com/microsoft/onnxscript/issues/2852',
    },
    {
      step(s, w, x, h) {
        const H = h.length;
        const pre = (row: number, v: Float64Array) =>
          dot(w.wIh, row, x) + w.bIh[row] + (dot(w.wHh, row, v) + w.bHh[row]);
        const rh = h.map((hj, j) => s.sigmoid(pre(j, h)) * hj);
        return h.map((hj, j) => s.hiddenUpdate(s.sigmoid(pre(H + j, h)), s.tanh(pre(2 * H + j, rh)), hj));
      },
    },
  ),
  faultySteps(
    {
      id: 'b-hn-outside-reset',
      description: 'adds b_hn after the reset product: n = tanh(W_in x + b_in + r*(W_hn h) + b_hn)',
      clause: 'gru.eq.new-gate',
      variant: 'b-hn-outside-reset',
      note: 'CoreML GRU before iOS 18',
      models: 'https://github.com/apple/coremltools/issues/1124',
    },
    { newGate: (s, t, r) => s.tanh(t.xn + t.bin + r * t.hn + t.bhn) },
  ),
  faultySteps(
    {
      id: 'merged-bias',
      description:
        'folds b_ih + b_hh into one bias added outside every product, so b_hn escapes the reset gate',
      clause: 'gru.eq.new-gate',
      variant: 'b-hn-outside-reset',
      note: 'fused-bias frameworks (tfjs, Keras reset_after=False); equal to b-hn-outside-reset up to rounding',
      models:
        'https://github.com/keras-team/keras/issues/8720, https://github.com/tensorflow/tfjs/issues/2442',
    },
    {
      cell(s, t, h) {
        const r = s.sigmoid(t.xr + t.hr + (t.bir + t.bhr));
        const z = s.sigmoid(t.xz + t.hz + (t.biz + t.bhz));
        return s.hiddenUpdate(z, s.tanh(t.xn + r * t.hn + (t.bin + t.bhn)), h);
      },
    },
  ),
  faultySteps(
    {
      id: 'bias-added-twice',
      description: 'adds bias_ih to both the input and the recurrent product, so it counts twice',
      clause: 'gru.eq.update-gate',
      mistake: 'bias-twice',
      models:
        'https://github.com/tensorflow/tensorflow/issues/54507 (TFLite: two FC ops carry the same bias)',
    },
    {
      weights(o, params, layer, d) {
        const w = baseSteps.weights(o, params, layer, d);
        return { ...w, bHh: w.bHh.map((b, i) => b + w.bIh[i]) };
      },
    },
  ),
  faultySteps(
    {
      id: 'reverse-bias-ignored',
      description: 'drops bias_ih and bias_hh of the reverse direction (forward biases are used)',
      clause: 'gru.eq.reset-gate',
      mistake: 'reverse-bias-dropped',
    },
    {
      weights(o, params, layer, d) {
        const w = baseSteps.weights(o, params, layer, d);
        return d === 1 ? { ...w, bIh: w.bIh.map(() => 0), bHh: w.bHh.map(() => 0) } : w;
      },
    },
  ),
  faultySteps(
    {
      id: 'z-convention-swapped',
      description: "uses h' = z*n + (1-z)*h instead of (1-z)*n + z*h",
      clause: 'gru.eq.hidden-update',
      variant: 'update-convention-swapped',
      note: 'the convention of Cho et al. 2014, where z weights the candidate',
    },
    { hiddenUpdate: (z, n, h) => z * n + (1 - z) * h },
  ),
  faultySteps(
    {
      id: 'hard-sigmoid',
      description: 'uses the hard sigmoid clip(0.2x + 0.5, 0, 1) for r and z',
      clause: 'gru.eq.update-gate',
      variant: 'hard-sigmoid',
      note: 'the recurrent activation default of tfjs and of Keras before 2.3',
      models: 'tfjs tf.layers.gru default recurrentActivation hardSigmoid',
    },
    { sigmoid: (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5)) },
  ),
  faultySteps(
    {
      id: 'tanh-sigmoid-swapped',
      description: 'uses tanh for the r and z gates and sigmoid for the new gate',
      clause: 'gru.eq.new-gate',
      mistake: 'activations-swapped',
    },
    { sigmoid: baseSteps.tanh, tanh: baseSteps.sigmoid },
  ),
];
