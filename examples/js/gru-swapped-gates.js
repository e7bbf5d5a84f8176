// A deliberately wrong GRU for the README's demonstration: the bundled example with PyTorch's r and z gate
// blocks read in the wrong order (the ONNX and Keras order z|r|n), a bug that shipped in real converters.
import correct from './gru.js';

/** Swaps rows [0, H) and [H, 2H) of a [3H, ...] parameter. */
function swapRz(t, hidden) {
  const width = t.data.length / (3 * hidden);
  const data = Float64Array.from(t.data);
  data.set(t.data.subarray(hidden * width, 2 * hidden * width), 0);
  data.set(t.data.subarray(0, hidden * width), hidden * width);
  return { ...t, data };
}

export default {
  name: 'example with swapped r and z gates (deliberately wrong)',
  version: '0.1.0',
  forward(request) {
    const hidden = request.kwargs.hidden_size;
    if (!Number.isInteger(hidden) || hidden <= 0) return correct.forward(request); // let it reject
    const parameters = Object.fromEntries(
      Object.entries(request.parameters).map(([k, t]) => [k, swapRz(t, hidden)]),
    );
    return correct.forward({ ...request, parameters });
  },
};
