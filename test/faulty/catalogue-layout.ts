// Faulty GRUs that get the layout, hx or a default wrong (gru.shape.*, gru.default.*).
import { checkParameters } from './base-checks.js';
import { swap01 } from './base-gru.js';
import { baseSteps, type FaultyGru, faultySteps } from './fault.js';

export const layoutFaults: FaultyGru[] = [
  faultySteps(
    {
      id: 'hx-updated-in-place',
      description:
        "keeps the state in the caller's hx and leaves h_n there: its results are right, its hx is gone",
      clause: 'gru.shape.inputs-unchanged',
      mistake: 'in-place',
    },
    {
      pack(s, o, call, out, hN, dtype) {
        if (call.hx.length === hN.length) call.hx.set(hN); // hx given: call.hx is the request's own hx data
        return baseSteps.pack(s, o, call, out, hN, dtype);
      },
    },
  ),
  faultySteps(
    {
      id: 'h-n-batch-first',
      description: 'returns h_n as (N, D * num_layers, H) when batch_first=True',
      clause: 'gru.shape.h-n-never-batch-first',
      variant: 'h-n-batch-first',
      models:
        'https://github.com/pytorch/pytorch/issues/144116, https://github.com/pytorch/pytorch/issues/4145',
    },
    {
      pack(s, o, call, out, hN, dtype) {
        const result = baseSteps.pack(s, o, call, out, hN, dtype);
        if (!call.batchFirst) return result;
        const [rows, N, H] = result.h_n.shape;
        return { ...result, h_n: { dtype, shape: [N, rows, H], data: swap01(result.h_n.data, rows, N, H) } };
      },
    },
  ),
  faultySteps(
    {
      id: 'batch-first-ignored',
      description: 'ignores batch_first: an (N, L, I) input is read as (L, N, I) and hx is checked against L',
      clause: 'gru.shape.input-batched',
      variant: 'batch-first-ignored',
      models: 'https://github.com/openvinotoolkit/openvino/issues/37820 (ONNX layout=1 never read)',
    },
    { resolve: (s, kwargs) => ({ ...baseSteps.resolve(s, kwargs), batch_first: false }) },
  ),
  faultySteps(
    {
      id: 'unbatched-as-one-step-batch',
      description:
        "reads a 2-D input (L, I) as a batch of L one-step sequences, each from hx; h_n is the last one's state",
      clause: 'gru.shape.unbatched',
      mistake: 'unbatched-unsqueezed-wrong-dim',
      note: '(L, I) unsqueezed at dim 0 but read time-major: L = 1, N = L',
    },
    {
      layout(o, input, hx) {
        if (input.shape.length === 3) return baseSteps.layout(o, input, hx);
        const [L, H, rows] = [input.shape[0], o.hidden_size, (o.bidirectional ? 2 : 1) * o.num_layers];
        const state = hx?.data ?? new Float64Array(rows * H);
        const wide = new Float64Array(rows * L * H);
        for (let r = 0; r < rows; r++)
          for (let n = 0; n < L; n++) wide.set(state.subarray(r * H, (r + 1) * H), (r * L + n) * H);
        return { batched: false, batchFirst: false, steps: 1, batch: L, input: input.data, hx: wide };
      },
      pack(s, o, call, out, hN, dtype) {
        if (call.batched) return baseSteps.pack(s, o, call, out, hN, dtype);
        const [L, H, rows] = [call.batch, o.hidden_size, hN.length / (call.batch * o.hidden_size)];
        const last = new Float64Array(rows * H);
        for (let r = 0; r < rows; r++) last.set(hN.subarray((r * L + L - 1) * H, (r * L + L) * H), r * H);
        // output [1, L, W] holds the same numbers as [L, W]
        return baseSteps.pack(s, o, { ...call, steps: L, batch: 1 }, out, last, dtype);
      },
    },
  ),
  faultySteps(
    {
      id: 'hx-ignored',
      description: 'starts from zeros whatever hx is given',
      clause: 'gru.eq.recurrence',
      variant: 'hx-ignored',
    },
    { initialState: (o) => new Float64Array(o.hidden_size) },
  ),
  faultySteps(
    {
      id: 'batch-element-2-hx',
      description:
        "starts batch element 2 from batch element 1's slice of hx (a stride bug that needs N >= 3)",
      clause: 'gru.shape.batch-independent',
      mistake: 'batch-stride',
      models: 'https://github.com/microsoft/onnxruntime/pull/3893 (a bug that needed batch size >= 3)',
    },
    {
      initialState: (o, call, layer, d, n) => baseSteps.initialState(o, call, layer, d, n === 2 ? 1 : n),
    },
  ),
  faultySteps(
    {
      id: 'default-batch-first-true',
      description: 'defaults batch_first to True',
      clause: 'gru.default.batch-first',
      mistake: 'wrong-default',
      note: 'burn and candle GRUs are batch-first only',
    },
    { defaults: { ...baseSteps.defaults, batch_first: true } },
  ),
  faultySteps(
    {
      id: 'default-bias-false',
      description:
        'defaults bias to False and loads the state_dict non-strictly, silently dropping the biases',
      clause: 'gru.default.bias',
      mistake: 'wrong-default',
    },
    {
      defaults: { ...baseSteps.defaults, bias: false },
      checkParameters: (o, params) => checkParameters(o, params, false),
    },
  ),
  faultySteps(
    {
      id: 'reverse-with-forward-weights',
      description: "runs the reverse direction with the forward direction's weights",
      clause: 'gru.dir.reverse-time',
      variant: 'reverse-forward-weights',
      where: /h_n: layer 0 differs \(reverse direction\)/,
    },
    { weights: (o, params, layer) => baseSteps.weights(o, params, layer, 0) },
  ),
  faultySteps(
    {
      id: 'hx-rows-direction-major',
      description: 'reads hx rows direction-major: layer k, direction d from row d * num_layers + k',
      clause: 'gru.dir.h-n-index',
      variant: 'hx-direction-major',
    },
    {
      initialState(o, call, layer, d, n) {
        const row = d * o.num_layers + layer;
        const D = o.bidirectional ? 2 : 1;
        return baseSteps.initialState(o, call, Math.floor(row / D), row % D, n);
      },
    },
  ),
  faultySteps(
    {
      id: 'hx-read-batch-first',
      description: 'reads hx as (N, D * num_layers, H) when batch_first=True',
      clause: 'gru.shape.h-n-never-batch-first',
      variant: 'hx-batch-first',
      models: 'https://github.com/pytorch/pytorch/issues/4145 (hx expected batch-first)',
    },
    {
      initialState(o, call, layer, d, n) {
        if (!call.batchFirst) return baseSteps.initialState(o, call, layer, d, n);
        const rows = (o.bidirectional ? 2 : 1) * o.num_layers;
        const at = (n * rows + layer * (o.bidirectional ? 2 : 1) + d) * o.hidden_size;
        return call.hx.slice(at, at + o.hidden_size);
      },
    },
  ),
  faultySteps(
    {
      id: 'next-layer-reverse-first',
      description: 'feeds the next layer [reverse | forward] instead of [forward | reverse]',
      clause: 'gru.layer.stacking',
      variant: 'next-layer-reverse-first',
      where: /h_n: layer 0 matches, layer 1 differs/,
    },
    {
      nextLayerInput(out, o) {
        const H = o.hidden_size;
        if (!o.bidirectional) return out;
        return out.map((_v, i) => out[i % (2 * H) < H ? i + H : i - H]);
      },
    },
  ),
  faultySteps(
    {
      id: 'h-n-last-layer-repeated',
      description: "fills every layer's h_n rows with the last layer's final states",
      clause: 'gru.dir.h-n-index',
      variant: 'h-n-last-layer-repeated',
    },
    {
      pack(s, o, call, out, hN, dtype) {
        const D = o.bidirectional ? 2 : 1;
        const block = D * call.batch * o.hidden_size;
        const last = hN.slice((o.num_layers - 1) * block, o.num_layers * block);
        const repeated = new Float64Array(hN.length);
        for (let k = 0; k < o.num_layers; k++) repeated.set(last, k * block);
        return baseSteps.pack(s, o, call, out, repeated, dtype);
      },
    },
  ),
  faultySteps(
    {
      id: 'float64-inputs-rounded-to-float32',
      description: "copies a float64 call's input and hx into float32 buffers, then computes in float64",
      clause: 'gru.num.tolerance',
      variant: 'inputs-rounded-to-float32',
    },
    {
      layout(o, input, hx) {
        if (input.dtype !== 'float64') return baseSteps.layout(o, input, hx);
        const round = (t: typeof input) => ({ ...t, data: t.data.map(Math.fround) });
        return baseSteps.layout(o, round(input), hx && round(hx));
      },
    },
  ),
];
