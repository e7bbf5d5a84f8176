// FROZEN: the oracle's forward (oracle/gru-forward.ts at commit 0281336) wired to the frozen direction loop
// in ./reference-direction.ts, the pre-optimisation oracle kept for test/oracle/bit-identical.test.ts.
// Validation and layout are the oracle's own (they are not what the proof is about); only the
// arithmetic of the direction loop is frozen here. Do not edit or speed it up.
import { canonicalCall, swapFirstTwo } from '../../oracle/forward-args.js';
import type { GruForwardOptions } from '../../oracle/gru-forward.js';
import { type GruKwargs, resolveKwargs } from '../../oracle/kwargs.js';
import {
  checkParameters,
  directionWeights,
  type GruParameters,
  layerInputSize,
  numDirections,
} from '../../oracle/parameters.js';
import type { Tensor } from '../../oracle/tensor.js';
import { runDirection } from './reference-direction.js';

/** The pre-optimisation oracle's output and h_n data, in gruForward's layouts; masks must be valid. */
export function referenceForward(
  kwargs: GruKwargs,
  params: GruParameters,
  input: Tensor,
  hx: Tensor | null,
  mode: GruForwardOptions = {},
): { output: Float64Array; hN: Float64Array } {
  const { options } = resolveKwargs(kwargs);
  const dtype = checkParameters(options, params);
  const call = canonicalCall(options, dtype, input, hx);
  const { steps: L, batch: N } = call;
  const D = numDirections(options);
  const H = options.hidden_size;
  const width = D * H;
  const dropping = mode.training === true && options.dropout > 0 && options.num_layers > 1;
  const hN = new Float64Array(D * options.num_layers * N * H);
  let layerInput = call.input;
  let layerOutput = layerInput;
  for (let layer = 0; layer < options.num_layers; layer++) {
    layerOutput = new Float64Array(L * N * width);
    for (let d = 0; d < D; d++) {
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
    if (dropping && layer < options.num_layers - 1) {
      const mask = mode.dropoutMasks![layer].data;
      for (let i = 0; i < layerOutput.length; i++) layerOutput[i] *= mask[i];
    }
    layerInput = layerOutput;
  }
  const batchFirst = call.batched && options.batch_first;
  return { output: batchFirst ? swapFirstTwo(layerOutput, L, N, width) : layerOutput, hN };
}
