// nn.GRU forward: layers, directions, dropout and output layout (gru.layer.*, gru.dir.*, gru.shape.*, gru.dropout.*).
import { GruSpecError } from './errors.js';
import { canonicalCall, swapFirstTwo } from './forward-args.js';
import { runDirection } from './gru-direction.js';
import { type GruKwargs, resolveKwargs } from './kwargs.js';
import {
  checkParameters,
  directionWeights,
  type GruParameters,
  layerInputSize,
  numDirections,
} from './parameters.js';
import { formatShape, sameShape, type Tensor } from './tensor.js';

export interface GruForwardOptions {
  /** Training mode; dropout then needs explicit masks. Default false (eval mode). */
  training?: boolean;
  /** One mask per layer boundary (num_layers - 1), time-major [L, N, D * H], values 0 or 1 / (1 - p). */
  dropoutMasks?: Tensor[];
}

export interface GruResult {
  output: Tensor;
  h_n: Tensor;
  /** Clause ids of the warnings nn.GRU emits for this call. */
  warnings: string[];
}

/** The float64 reference of nn.GRU(**kwargs) with the given state_dict, applied to input and hx. */
export function gruForward(
  kwargs: GruKwargs,
  params: GruParameters,
  input: Tensor,
  hx?: Tensor | null,
  mode: GruForwardOptions = {},
): GruResult {
  const { options, warnings } = resolveKwargs(kwargs);
  const dtype = checkParameters(options, params);
  const call = canonicalCall(options, dtype, input, hx);
  const { steps: L, batch: N } = call;
  const D = numDirections(options);
  const H = options.hidden_size;
  const width = D * H;
  const dropping = mode.training === true && options.dropout > 0 && options.num_layers > 1;
  const masks = dropping ? checkMasks(mode.dropoutMasks, options.num_layers - 1, [L, N, width]) : [];
  const hN = new Float64Array(D * options.num_layers * N * H);
  let layerInput = call.input;
  let layerOutput = layerInput;
  for (let layer = 0; layer < options.num_layers; layer++) {
    layerOutput = new Float64Array(L * N * width);
    for (let d = 0; d < D; d++) {
      // gru.dir.h-n-index: hx and h_n row layer * D + d; gru.dir.output-concat: columns d * H .. (d + 1) * H
      const row = layer * D + d;
      runDirection(directionWeights(options, params, layer, d), {
        steps: L,
        batch: N,
        inSize: layerInputSize(options, layer),
        hidden: H,
        reverse: d === 1,
        input: layerInput,
        h0: call.hx,
        h0Offset: row * N * H,
        output: layerOutput,
        outWidth: width,
        outColumn: d * H,
        hN,
        hNOffset: row * N * H,
      });
    }
    // gru.dropout.between-layers: only between layers, only in training mode
    if (dropping && layer < options.num_layers - 1) {
      const mask = masks[layer].data;
      for (let i = 0; i < layerOutput.length; i++) layerOutput[i] *= mask[i];
    }
    // gru.layer.stacking: the next layer reads this layer's output, directions concatenated
    layerInput = layerOutput;
  }
  return {
    output: outputTensor(call.batched, options.batch_first, input.dtype, L, N, width, layerOutput),
    h_n: hNTensor(call.batched, input.dtype, D * options.num_layers, N, H, hN),
    warnings,
  };
}

function checkMasks(masks: Tensor[] | undefined, count: number, shape: number[]): Tensor[] {
  if (masks === undefined || masks.length !== count || masks.some((m) => !sameShape(m.shape, shape))) {
    const got = masks === undefined ? 'none' : masks.map((m) => formatShape(m.shape)).join(', ');
    throw new GruSpecError(
      'gru.dropout.between-layers',
      `training mode with dropout needs ${count} explicit mask(s) of shape ${formatShape(shape)}, got ${got}`,
    );
  }
  return masks;
}

// gru.shape.output-batched, gru.shape.unbatched; gru.dtype.output-matches-input
function outputTensor(
  batched: boolean,
  batchFirst: boolean,
  dtype: Tensor['dtype'],
  L: number,
  N: number,
  width: number,
  data: Float64Array,
): Tensor {
  if (!batched) return { dtype, shape: [L, width], data };
  if (batchFirst) return { dtype, shape: [N, L, width], data: swapFirstTwo(data, L, N, width) };
  return { dtype, shape: [L, N, width], data };
}

// gru.shape.h-n, gru.shape.h-n-never-batch-first, gru.shape.unbatched
function hNTensor(
  batched: boolean,
  dtype: Tensor['dtype'],
  rows: number,
  N: number,
  H: number,
  data: Float64Array,
): Tensor {
  return { dtype, shape: batched ? [rows, N, H] : [rows, H], data };
}
