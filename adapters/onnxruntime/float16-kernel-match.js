// What ONNX Runtime (native and wasm) does with a float16 GRU node, measured: the same random one-layer
// bidirectional GRU (12 steps, batch 2, with B and initial_h) run as a float16 model and as a float32 model on the
// same float16 values. Every float16 result equal to the float32 result rounded to float16 means the node runs
// the float32 kernel between casts, the hidden state carried in float32 from step to step.
import { float16Bits, fromFloat16Bits } from './float16-bits.js';
import { gruModel } from './gru-model.js';

const C = { I: 3, H: 5, layers: 1, D: 2, bias: true, hx: true };
const [T, N] = [12, 2];
const SHAPES = {
  X: [T, N, C.I],
  W_0: [C.D, 3 * C.H, C.I],
  R_0: [C.D, 3 * C.H, C.H],
  B_0: [C.D, 6 * C.H],
  initial_h_0: [C.D, N, C.H],
};

/** Float16 values in [-1, 1), from a fixed linear congruential sequence. */
function halfValues(count, state) {
  return Array.from({ length: count }, () => {
    state.s = (state.s * 1103515245 + 12345) % 2 ** 31;
    return fromFloat16Bits(float16Bits((state.s / 2 ** 31) * 2 - 1));
  });
}

async function run(ort, sessionOptions, dtype, values) {
  const session = await ort.InferenceSession.create(gruModel({ dtype, ...C }), sessionOptions);
  const tensor = (name) =>
    dtype === 'float16'
      ? new ort.Tensor('float16', Uint16Array.from(values[name], float16Bits), SHAPES[name])
      : new ort.Tensor('float32', Float32Array.from(values[name]), SHAPES[name]);
  try {
    return await session.run(Object.fromEntries(Object.keys(SHAPES).map((k) => [k, tensor(k)])));
  } finally {
    await session.release();
  }
}

/**
 * @param {any} ort onnxruntime-node or onnxruntime-web
 * @param {object} sessionOptions
 * @returns {Promise<{type: string, same: number, total: number}>} the float16 model's output type, and how many of
 *   its Y and Y_h values equal the float32 model's rounded to float16
 */
export async function float16GruMatch(ort, sessionOptions) {
  const state = { s: 7 };
  const values = Object.fromEntries(
    Object.entries(SHAPES).map(([k, s]) => [
      k,
      halfValues(
        s.reduce((a, b) => a * b),
        state,
      ),
    ]),
  );
  const half = await run(ort, sessionOptions, 'float16', values);
  const single = await run(ort, sessionOptions, 'float32', values);
  let same = 0;
  let total = 0;
  for (const name of ['Y_0', 'Y_h_0']) {
    const h = half[name].data;
    const s = single[name].data;
    for (let i = 0; i < s.length; i++, total++)
      same += Number(Object.is(fromFloat16Bits(h[i]), fromFloat16Bits(float16Bits(s[i]))));
  }
  return { type: half.Y_0.type, same, total };
}
