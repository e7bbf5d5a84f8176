// nn.GRU ported to tf.layers.gru as a user would: one (Bidirectional-wrapped) layer per torch layer, batch-major,
// returnSequences + returnState, hx rows as initialState. tfjs has only the reset-before GRU (no resetAfter).
import { swap01, torchCall, torchResponse } from '../shared/torch-call.js';
import { checkParameters, gruOptions } from '../shared/torch-kwargs.js';
import { tfjsCell } from './tfjs-cell.js';
import { tf } from './tfjs-cpu.js';
import { tfjsBackward } from './tfjs-grad.js';
import { tfjsWeights } from './tfjs-weights.js';

/** @typedef {import('../shared/torch-call.js').Tensor} Tensor */

/** Layer l of the port: a GRU, wrapped in Bidirectional when D = 2, built and loaded with the torch weights. */
function portedLayer(o, parameters, l, recurrentActivation) {
  const gru = tf.layers.gru({
    units: o.H,
    useBias: o.bias,
    returnSequences: true,
    returnState: true,
    ...(recurrentActivation === undefined ? {} : { recurrentActivation }),
    kernelInitializer: 'zeros',
    recurrentInitializer: 'zeros',
  });
  const layer = o.D === 2 ? tf.layers.bidirectional({ layer: gru, mergeMode: 'concat' }) : gru;
  layer.apply(tf.input({ batchShape: [null, null, l === 0 ? o.I : o.D * o.H] })); // builds it, symbolically
  const weights = Array.from({ length: o.D }, (_, d) => d).flatMap((d) =>
    tfjsWeights(tf, o, parameters, l, d),
  );
  layer.setWeights(weights);
  tf.dispose(weights);
  return layer;
}

/** Runs every layer on x [N, L, I]; returns the last output [N, L, D*H] and h_n [D*layers, N, H] as arrays. */
function run(o, parameters, call, recurrentActivation) {
  const { L, N } = call;
  const layers = Array.from({ length: o.layers }, (_, l) =>
    portedLayer(o, parameters, l, recurrentActivation),
  );
  try {
    return tf.tidy(() => {
      let x = tf.tensor3d(Float32Array.from(swap01(call.x, L, N, o.I)), [N, L, o.I]);
      const states = [];
      for (const [l, layer] of layers.entries()) {
        const rows = o.D * N * o.H;
        const h0 = call.hx?.subarray(l * rows, (l + 1) * rows);
        const initialState =
          h0 &&
          Array.from({ length: o.D }, (_, d) =>
            tf.tensor2d(Float32Array.from(h0.subarray(d * N * o.H, (d + 1) * N * o.H)), [N, o.H]),
          );
        const [y, ...hs] = layer.apply(x, initialState ? { initialState } : {});
        states.push(...hs);
        x = y;
      }
      return { y: x.dataSync(), hN: tf.concat(states, 0).dataSync() };
    });
  } finally {
    for (const layer of layers) layer.dispose();
  }
}

/**
 * An Implementation around tf.layers.gru with the given recurrentActivation (undefined: tfjs's default).
 * @param {string} name @param {string | undefined} recurrentActivation
 * @returns {import('gru-conformance').Implementation}
 */
export function tfjsGru(name, recurrentActivation) {
  /** @param {{kwargs: Record<string, unknown>, dtype: 'float32' | 'float64', parameters: Record<string, Tensor>, input: Tensor, hx?: Tensor | null}} request */
  function forward({ kwargs, dtype, parameters, input, hx }) {
    const o = gruOptions(kwargs);
    checkParameters(o, parameters);
    const call = torchCall(o, dtype, input, hx);
    if (dtype !== 'float32') throw new Error('the tfjs CPU backend computes float32 only');
    const { y, hN } = run(o, parameters, call, recurrentActivation);
    return torchResponse(o, dtype, call, swap01(Float64Array.from(y), call.N, call.L, o.D * o.H), hN);
  }
  const forwardCell = tfjsCell(recurrentActivation); // tf.layers.gruCell with the same activations
  return {
    name,
    version: tf.version.tfjs,
    capabilities: { dtypes: ['float32'], cell: true, backward: true },
    forward,
    forwardCell,
    backward: tfjsBackward(recurrentActivation), // tf.variableGrads through the same port
  };
}
