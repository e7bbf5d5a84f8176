// Why the ORT adapters do not declare float64: ONNX Runtime's GRU kernel (native and wasm) refuses it.
import { gruModel } from './gru-model.js';

/**
 * Runs a one-step float64 GRU; resolves with ORT's error message, or null when it answers.
 * @param {any} ort onnxruntime-node or onnxruntime-web
 * @param {object} sessionOptions
 */
export async function float64GruError(ort, sessionOptions) {
  const model = gruModel({ dtype: 'float64', I: 1, H: 1, layers: 1, D: 1, bias: false, hx: false });
  const session = await ort.InferenceSession.create(model, { ...sessionOptions, logSeverityLevel: 4 });
  const w = new ort.Tensor('float64', new Float64Array(3), [1, 3, 1]);
  try {
    await session.run({ X: new ort.Tensor('float64', new Float64Array(2), [2, 1, 1]), W_0: w, R_0: w });
    return null;
  } catch (e) {
    return e.message;
  } finally {
    await session.release();
  }
}
