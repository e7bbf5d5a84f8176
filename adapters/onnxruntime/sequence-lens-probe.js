// What ONNX Runtime's GRU does with sequence_lens, read from its raw outputs (Y [T, D, N, H], Y_h [D, N, H]) with
// no adapter layout in between: one bidirectional layer, hidden 1, no bias, two sequences of lengths 3 and 2
// padded to 3, the padding nonzero. The answers: where the reverse direction of the short sequence starts, what
// Y_h holds for it, and whether Y is exactly 0 past its length.
import { gruModel } from './gru-model.js';

/** The probe's call: weights in ONNX's z|r|n order, X [3, 2, 1] time-major, sequence 1's step 2 padding. */
export const PROBE = {
  lengths: [3, 2],
  x: [0.5, -1, 1, 0.75, -0.25, 7], // X[t][n]: sequence 0 reads 0.5, 1, -0.25; sequence 1 reads -1, 0.75 (then 7)
  w: [0.25, 0.5, 1, -0.75, 0.5, 0.25], // W [2 directions, 3 gates z|r|n, 1]
  r: [0.5, -0.5, 0.75, 0.25, 1, -0.5], // R [2, 3, 1]
};

/**
 * @param {any} ort onnxruntime-node or onnxruntime-web @param {object} sessionOptions
 * @returns {Promise<{Y: number[], Yh: number[]}>} Y [3, 2, 2, 1] and Y_h [2, 2, 1], flat
 */
export async function runSequenceLensProbe(ort, sessionOptions) {
  const model = gruModel({
    dtype: 'float32',
    I: 1,
    H: 1,
    layers: 1,
    D: 2,
    bias: false,
    hx: false,
    lengths: true,
  });
  const session = await ort.InferenceSession.create(model, { ...sessionOptions, logSeverityLevel: 3 });
  try {
    const out = await session.run({
      X: new ort.Tensor('float32', Float32Array.from(PROBE.x), [3, 2, 1]),
      sequence_lens: new ort.Tensor('int32', Int32Array.from(PROBE.lengths), [2]),
      W_0: new ort.Tensor('float32', Float32Array.from(PROBE.w), [2, 3, 1]),
      R_0: new ort.Tensor('float32', Float32Array.from(PROBE.r), [2, 3, 1]),
    });
    return { Y: Array.from(out.Y_0.data), Yh: Array.from(out.Y_h_0.data) };
  } finally {
    await session.release();
  }
}
