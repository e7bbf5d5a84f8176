// nn.GRU run by ONNX Runtime (onnxruntime-node, CPU): PyTorch's weights converted to ONNX GRU nodes with
// linear_before_reset=1. The adapter only lays out data and applies nn.GRU's argument checks; ORT computes.
import ort from 'onnxruntime-node';
import { torchCall, torchResponse } from '../shared/torch-call.js';
import { checkParameters, gruOptions } from '../shared/torch-kwargs.js';
import { ortFeeds, ortResults } from './ort-feeds.js';
import { sessionCache } from './session-cache.js';

/** @typedef {import('../shared/torch-call.js').Tensor} Tensor */

const sessions = sessionCache(ort, { logSeverityLevel: 3, intraOpNumThreads: 1, interOpNumThreads: 1 });

/** @param {{kwargs: Record<string, unknown>, dtype: 'float32' | 'float64', parameters: Record<string, Tensor>, input: Tensor, hx?: Tensor | null}} request */
async function forward({ kwargs, dtype, parameters, input, hx }) {
  const o = gruOptions(kwargs);
  checkParameters(o, parameters);
  const call = torchCall(o, dtype, input, hx);
  if (dtype !== 'float32')
    throw new Error("onnxruntime's CPU GRU kernel has no float64 ('does not support double yet')");
  if (call.N === 0) {
    // onnxruntime-node 1.30.0 aborts the whole process (std::terminate) on a GRU with batch size 0
    throw new Error('not sent to onnxruntime: its GRU kernel aborts the process on batch size 0');
  }
  const c = { dtype, I: o.I, H: o.H, layers: o.layers, D: o.D, bias: o.bias, hx: call.hx !== null };
  const session = await sessions.get(c);
  const { y, hN } = ortResults(o, call, await session.run(ortFeeds(ort, o, parameters, call)));
  return torchResponse(o, dtype, call, y, hN);
}

/** @type {import('../../harness/implementation.js').Implementation} */
const implementation = {
  name: 'onnxruntime-node GRU (opset 14, linear_before_reset=1)',
  version: ort.env.versions.node ?? ort.env.versions.common,
  capabilities: { dtypes: ['float32'] },
  forward,
  close: () => sessions.clear(),
};

export default implementation;
