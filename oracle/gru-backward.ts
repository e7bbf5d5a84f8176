// nn.GRU backward: the gradients autograd gives for upstream gradients of output and h_n (gru.grad.*).
import { GruSpecError } from './errors.js';
import { canonicalCall, swapFirstTwo } from './forward-args.js';
import { backDirection } from './gru-direction-backward.js';
import type { GruForwardOptions } from './gru-forward.js';
import { dropoutMasks, type LayerTrace, runLayers } from './gru-layers.js';
import { type GruKwargs, type GruOptions, resolveKwargs } from './kwargs.js';
import {
  checkParameters,
  directionWeights,
  type GruParameters,
  layerInputSize,
  numDirections,
  parameterShapes,
  parameterSuffix,
} from './parameters.js';
import { type DType, formatShape, sameShape, type Tensor } from './tensor.js';

/** Upstream gradients: dL/d output (output's shape) and dL/d h_n (h_n's shape); absent or null = zeros. */
export interface GruUpstream {
  output?: Tensor | null;
  h_n?: Tensor | null;
}

/** Gradients by name: 'input', 'hx' (null when the call had no hx), and every state_dict name. */
export interface GruGradients {
  input: Tensor;
  hx: Tensor | null;
  parameters: GruParameters;
}

/** Backpropagation through time of gruForward's call (same arguments, same validation and errors). */
export function gruBackward(
  kwargs: GruKwargs,
  params: GruParameters,
  input: Tensor,
  hx: Tensor | null | undefined,
  upstream: GruUpstream,
  mode: GruForwardOptions = {},
): GruGradients {
  const { options } = resolveKwargs(kwargs);
  const dtype = checkParameters(options, params);
  const call = canonicalCall(options, dtype, input, hx);
  const masks = dropoutMasks(options, call, mode.training, mode.dropoutMasks);
  // The forward again, keeping each layer's input, states and gates (gru-layers.ts, gru-direction.ts)
  const trace: LayerTrace[] = [];
  runLayers(options, params, call, masks, trace);
  const { steps: L, batch: N, batched } = call;
  const D = numDirections(options);
  const H = options.hidden_size;
  const rows = D * options.num_layers;
  const batchFirst = batched && options.batch_first;
  // gru.shape.output-batched, gru.shape.unbatched, gru.shape.h-n: the shapes the upstream gradients must have
  const outputShape = batched ? (batchFirst ? [N, L, D * H] : [L, N, D * H]) : [L, D * H];
  const hNShape = batched ? [rows, N, H] : [rows, H];
  const gOut = upstreamData('output', upstream.output, outputShape);
  const gHN = upstreamData('h_n', upstream.h_n, hNShape);
  // gru.grad.shapes: the upstream output gradient is read in output's layout, here made time-major
  let dLayerOutput = batchFirst ? swapFirstTwo(gOut, N, L, D * H) : gOut;
  const dHx = new Float64Array(rows * N * H);
  const grads = new Map<string, Float64Array>();
  for (let layer = options.num_layers - 1; layer >= 0; layer--) {
    const { input: x, output: h, gates } = trace[layer];
    const inSize = layerInputSize(options, layer);
    const dLayerInput = new Float64Array(L * N * inSize);
    for (let d = 0; d < D; d++) {
      // gru.grad.layers: direction d of layer k owns columns [d H, (d + 1) H) and h_n, hx row k D + d
      const row = layer * D + d;
      const g = backDirection(directionWeights(options, params, layer, d), {
        steps: L,
        batch: N,
        inSize,
        hidden: H,
        reverse: d === 1,
        input: x,
        output: h,
        outWidth: D * H,
        outColumn: d * H,
        h0: call.hx,
        h0Offset: row * N * H,
        gates: gates[d],
        dOutput: dLayerOutput,
        dHN: gHN,
        dHNOffset: row * N * H,
        dInput: dLayerInput,
        dH0: dHx,
        dH0Offset: row * N * H,
      });
      const s = parameterSuffix(layer, d);
      grads.set(`weight_ih${s}`, g.wIh).set(`weight_hh${s}`, g.wHh);
      grads.set(`bias_ih${s}`, g.bIh).set(`bias_hh${s}`, g.bHh);
    }
    // gru.grad.dropout: the layer below's output reached this layer through its mask
    if (layer > 0 && layer - 1 < masks.length) {
      const mask = masks[layer - 1].data;
      for (let i = 0; i < dLayerInput.length; i++) dLayerInput[i] *= mask[i];
    }
    // gru.grad.layers: layer k's output gradient is layer k + 1's input gradient
    dLayerOutput = dLayerInput;
  }
  // gru.grad.shapes: each gradient has its tensor's shape and dtype; gru.grad.hx-omitted: no hx, no gradient
  const dInput = batchFirst ? swapFirstTwo(dLayerOutput, L, N, options.input_size) : dLayerOutput;
  return {
    input: { dtype: input.dtype, shape: [...input.shape], data: dInput },
    hx: hx == null ? null : { dtype: hx.dtype, shape: [...hx.shape], data: dHx },
    parameters: parameterGradients(options, dtype, grads),
  };
}

/** The upstream gradient's values, or zeros when it is absent (gru.grad.vjp). */
function upstreamData(what: string, g: Tensor | null | undefined, shape: number[]): Float64Array {
  if (g == null) return new Float64Array(shape.reduce((a, b) => a * b, 1));
  // gru.grad.err-upstream-shape: no broadcasting, the shape must be the output's
  if (!sameShape(g.shape, shape)) {
    throw new GruSpecError(
      'gru.grad.err-upstream-shape',
      `the upstream gradient of ${what} has shape ${formatShape(g.shape)}, but ${what} has shape ${formatShape(shape)}`,
      { tensor: what, expected: shape, actual: g.shape },
    );
  }
  return g.data;
}

/** gru.grad.shapes: one gradient per state_dict parameter, in state_dict order, with its shape and dtype. */
function parameterGradients(
  options: GruOptions,
  dtype: DType,
  grads: Map<string, Float64Array>,
): GruParameters {
  const out: GruParameters = {};
  for (const [name, shape] of parameterShapes(options)) out[name] = { dtype, shape, data: grads.get(name)! };
  return out;
}
