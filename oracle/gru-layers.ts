// The layer stack of nn.GRU in the canonical time-major layout (gru.layer.*, gru.dir.*, gru.dropout.*), shared by
// the forward (gru-forward.ts) and the backward (gru-backward.ts), which replays it with a trace.
import { GruSpecError } from './errors.js';
import type { CanonicalCall } from './forward-args.js';
import { runDirection } from './gru-direction.js';
import type { GruOptions } from './kwargs.js';
import { directionWeights, type GruParameters, layerInputSize, numDirections } from './parameters.js';
import { formatShape, sameShape, type Tensor } from './tensor.js';

/** What the backward needs of one layer: its input, its output before dropout, each direction's gates. */
export interface LayerTrace {
  input: Float64Array; // [L, N, layerInputSize]
  output: Float64Array; // [L, N, D * H], before the dropout mask
  gates: Float64Array[]; // per direction, [L, N, 4H]: r, z, n, W_hn h_(t-1) + b_hn (see runDirection)
}

export interface LayerStack {
  output: Float64Array; // the last layer's output [L, N, D * H]
  hN: Float64Array; // [D * num_layers, N, H]
}

/** Runs every layer and direction; when `trace` is given, pushes one LayerTrace per layer into it. */
export function runLayers(
  options: GruOptions,
  params: GruParameters,
  call: CanonicalCall,
  masks: Tensor[],
  trace?: LayerTrace[],
): LayerStack {
  const { steps: L, batch: N } = call;
  const D = numDirections(options);
  const H = options.hidden_size;
  const width = D * H;
  const hN = new Float64Array(D * options.num_layers * N * H);
  let layerInput = call.input;
  let layerOutput = layerInput;
  for (let layer = 0; layer < options.num_layers; layer++) {
    layerOutput = new Float64Array(L * N * width);
    const gates = trace === undefined ? [] : Array.from({ length: D }, () => new Float64Array(L * N * 4 * H));
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
        gates: gates[d],
      });
    }
    trace?.push({ input: layerInput, output: layerOutput.slice(), gates });
    // gru.dropout.between-layers: only between layers, only in training mode (masks is empty otherwise)
    if (layer < masks.length) {
      const mask = masks[layer].data;
      for (let i = 0; i < layerOutput.length; i++) layerOutput[i] *= mask[i];
    }
    // gru.layer.stacking: the next layer reads this layer's output, directions concatenated
    layerInput = layerOutput;
  }
  return { output: layerOutput, hN };
}

/** The dropout masks of a call: none in eval mode or without dropout, else one per layer boundary. */
export function dropoutMasks(
  options: GruOptions,
  call: CanonicalCall,
  training: boolean | undefined,
  masks: Tensor[] | undefined,
): Tensor[] {
  const dropping = training === true && options.dropout > 0 && options.num_layers > 1;
  if (!dropping) return [];
  const shape = [call.steps, call.batch, numDirections(options) * options.hidden_size];
  const count = options.num_layers - 1;
  if (masks === undefined || masks.length !== count || masks.some((m) => !sameShape(m.shape, shape))) {
    const got = masks === undefined ? 'none' : masks.map((m) => formatShape(m.shape)).join(', ');
    throw new GruSpecError(
      'gru.dropout.between-layers',
      `training mode with dropout needs ${count} explicit mask(s) of shape ${formatShape(shape)}, got ${got}`,
    );
  }
  return masks;
}
