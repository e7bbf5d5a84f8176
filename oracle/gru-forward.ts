// nn.GRU forward: layers, directions, dropout and output layout (gru.layer.*, gru.dir.*, gru.shape.*, gru.dropout.*).
import { canonicalCall, swapFirstTwo } from './forward-args.js';
import { dropoutMasks, runLayers } from './gru-layers.js';
import { type GruKwargs, resolveKwargs } from './kwargs.js';
import { checkParameters, type GruParameters, numDirections } from './parameters.js';
import type { Tensor } from './tensor.js';

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
  const masks = dropoutMasks(options, call, mode.training, mode.dropoutMasks);
  const { output, hN } = runLayers(options, params, call, masks);
  const { steps: L, batch: N } = call;
  const D = numDirections(options);
  const H = options.hidden_size;
  return {
    output: outputTensor(call.batched, options.batch_first, input.dtype, L, N, D * H, output),
    h_n: hNTensor(call.batched, input.dtype, D * options.num_layers, N, H, hN),
    warnings,
  };
}

// gru.shape.output-batched, gru.shape.unbatched; gru.dtype.output-matches-input
export function outputTensor(
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
export function hNTensor(
  batched: boolean,
  dtype: Tensor['dtype'],
  rows: number,
  N: number,
  H: number,
  data: Float64Array,
): Tensor {
  return { dtype, shape: batched ? [rows, N, H] : [rows, H], data };
}
