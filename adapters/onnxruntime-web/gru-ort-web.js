// nn.GRU run by onnxruntime-web's WebAssembly build in Node: the same ONNX model, feeds and layouts as
// adapters/onnxruntime, only the runtime differs. A batch of 0 is sent too: where onnxruntime-node aborts the
// process, the wasm build throws 'Aborted()' and goes on.
import ort from 'onnxruntime-web';
import { ortImplementation } from '../onnxruntime/ort-implementation.js';

ort.env.wasm.numThreads = 1; // no worker threads: one deterministic wasm instance

export default ortImplementation(ort, {
  name: 'onnxruntime-web GRU (wasm, opset 14, linear_before_reset=1)',
  version: ort.env.versions.web ?? ort.env.versions.common,
  sessionOptions: { executionProviders: ['wasm'], logSeverityLevel: 3 },
});
