// The minimal counterexample of ONNX Runtime's one known discrepancy: its GRU kernel aborts the process on a
// batch of size 0, which nn.GRU accepts. Run: node adapters/onnxruntime/probe-batch-zero.js (exits by SIGABRT).
import ort from 'onnxruntime-node';
import { gruModel } from './gru-model.js';

const session = await ort.InferenceSession.create(
  gruModel({ dtype: 'float32', I: 1, H: 1, layers: 1, D: 1, bias: false, hx: false }),
);
const feeds = {
  X: new ort.Tensor('float32', new Float32Array(0), [1, 0, 1]), // T = 1, N = 0, I = 1
  W_0: new ort.Tensor('float32', Float32Array.of(0.5, 0.5, 0.5), [1, 3, 1]),
  R_0: new ort.Tensor('float32', Float32Array.of(0.5, 0.5, 0.5), [1, 3, 1]),
};
console.log(`onnxruntime-node ${ort.env.versions.node}: GRU with X [1, 0, 1], no B, no initial_h`);
const out = await session.run(feeds);
console.log(`answered: Y [${out.Y_0.dims}], Y_h [${out.Y_h_0.dims}]`);
