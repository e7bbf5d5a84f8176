// nn.GRU run by ONNX Runtime's native CPU build (onnxruntime-node).
import ort from 'onnxruntime-node';
import { ortImplementation } from './ort-implementation.js';

export default ortImplementation(ort, {
  name: 'onnxruntime-node GRU (opset 14, linear_before_reset=1)',
  version: ort.env.versions.node ?? ort.env.versions.common,
  sessionOptions: { logSeverityLevel: 3, intraOpNumThreads: 1, interOpNumThreads: 1 },
  // onnxruntime-node 1.30.0 aborts the whole process (std::terminate) on a GRU with batch size 0
  refuseBatchZero: 'not sent to onnxruntime: its GRU kernel aborts the process on batch size 0',
});
