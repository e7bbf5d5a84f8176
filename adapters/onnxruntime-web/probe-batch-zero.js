// The minimal batch-0 case of adapters/onnxruntime/probe-batch-zero.js on the wasm build: where onnxruntime-node
// aborts the process, onnxruntime-web throws RuntimeError 'Aborted()' and the same session keeps answering.
// Run: node adapters/onnxruntime-web/probe-batch-zero.js
import ort from 'onnxruntime-web';
import { gruModel } from '../onnxruntime/gru-model.js';

ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(
  gruModel({ dtype: 'float32', I: 1, H: 1, layers: 1, D: 1, bias: false, hx: false }),
  { executionProviders: ['wasm'] },
);
const weights = new ort.Tensor('float32', Float32Array.of(0.5, 0.5, 0.5), [1, 3, 1]);
const run = (N) =>
  session.run({ X: new ort.Tensor('float32', new Float32Array(N), [1, N, 1]), W_0: weights, R_0: weights });
console.log(`onnxruntime-web ${ort.env.versions.web}: GRU with X [1, 0, 1], no B, no initial_h`);
await run(0).then(
  (out) => console.log(`answered: Y [${out.Y_0.dims}], Y_h [${out.Y_h_0.dims}]`),
  (e) => console.log(`threw ${e.name}: ${e.message}`),
);
const after = await run(1);
console.log(`then X [1, 1, 1] answers Y [${after.Y_0.dims}] = ${after.Y_0.data}`);
