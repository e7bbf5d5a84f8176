// Why the wasm adapter declares float32 only, as the native one does: the same GRU kernel refuses float64.
import ort from 'onnxruntime-web';
import { gruModel } from '../onnxruntime/gru-model.js';

ort.env.wasm.numThreads = 1;

/** Runs a one-step float64 GRU on the wasm build; resolves with ORT's error message, or null when it answers. */
export async function float64GruError() {
  const model = gruModel({ dtype: 'float64', I: 1, H: 1, layers: 1, D: 1, bias: false, hx: false });
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['wasm'],
    logSeverityLevel: 4,
  });
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
