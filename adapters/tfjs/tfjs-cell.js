// nn.GRUCell ported to tf.layers.gruCell as a user would: the cell built for the input width, the PyTorch weights
// converted as for tf.layers.gru, one call of the cell on [input, hx]. tfjs's cell is reset-before only.
import { cellOptions, cellResponse, checkCellParameters, torchCellCall } from '../shared/torch-cell.js';
import { tf } from './tfjs-cpu.js';
import { tfjsWeights } from './tfjs-weights.js';

/**
 * forwardCell(request) around tf.layers.gruCell with the given recurrentActivation (undefined: tfjs's default).
 * @param {string | undefined} recurrentActivation
 */
export function tfjsCell(recurrentActivation) {
  return function forwardCell({ kwargs, dtype, parameters, input, hx }) {
    const o = cellOptions(kwargs);
    checkCellParameters(o, parameters);
    const call = torchCellCall(o, dtype, input, hx);
    if (dtype !== 'float32') throw new Error('the tfjs CPU backend computes float32 only');
    const cell = tf.layers.gruCell({
      units: o.H,
      useBias: o.bias,
      ...(recurrentActivation === undefined ? {} : { recurrentActivation }),
      kernelInitializer: 'zeros',
      recurrentInitializer: 'zeros',
    });
    cell.build([null, o.I]);
    // the cell's parameters under a one-layer GRU's names: the same conversion as tf.layers.gru's
    const asLayer = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [`${k}_l0`, v]));
    const weights = tfjsWeights(tf, { ...o, D: 1 }, asLayer, 0, 0);
    cell.setWeights(weights);
    tf.dispose(weights);
    try {
      const h = tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(call.x), [call.N, o.I]);
        const h0 = tf.tensor2d(Float32Array.from(call.h0), [call.N, o.H]);
        return cell.call([x, h0], {})[0].dataSync();
      });
      return cellResponse(o, dtype, call, h);
    } finally {
      for (const w of cell.weights) w.dispose(); // a cell called directly is never 'used', so dispose() refuses it
    }
  };
}
