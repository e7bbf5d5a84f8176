// nn.GRU run by onnxruntime-web's WebAssembly build in Node: the same ONNX model, feeds and layouts as
// adapters/onnxruntime (one GRU node per layer, linear_before_reset=1), only the runtime differs.
import ort from 'onnxruntime-web';
import { ortFeeds, ortResults } from '../onnxruntime/ort-feeds.js';
import { sessionCache } from '../onnxruntime/session-cache.js';
import { torchCall, torchResponse } from '../shared/torch-call.js';
import { checkParameters, gruOptions } from '../shared/torch-kwargs.js';

/** @typedef {import('../shared/torch-call.js').Tensor} Tensor */

ort.env.wasm.numThreads = 1; // no worker threads: one deterministic wasm instance
const sessions = sessionCache(ort, { executionProviders: ['wasm'], logSeverityLevel: 3 });

/** @param {{kwargs: Record<string, unknown>, dtype: 'float32' | 'float64', parameters: Record<string, Tensor>, input: Tensor, hx?: Tensor | null}} request */
async function forward({ kwargs, dtype, parameters, input, hx }) {
  const o = gruOptions(kwargs);
  checkParameters(o, parameters);
  const call = torchCall(o, dtype, input, hx);
  if (dtype !== 'float32')
    throw new Error("onnxruntime's GRU kernel has no float64 ('does not support double yet')");
  // batch 0 goes to ORT too: where onnxruntime-node aborts the process, the wasm build throws 'Aborted()'
  const c = { dtype, I: o.I, H: o.H, layers: o.layers, D: o.D, bias: o.bias, hx: call.hx !== null };
  const session = await sessions.get(c);
  const { y, hN } = ortResults(o, call, await session.run(ortFeeds(ort, o, parameters, call)));
  return torchResponse(o, dtype, call, y, hN);
}

/** @type {import('../../harness/implementation.js').Implementation} */
const implementation = {
  name: 'onnxruntime-web GRU (wasm, opset 14, linear_before_reset=1)',
  version: ort.env.versions.web ?? ort.env.versions.common,
  capabilities: { dtypes: ['float32'] },
  forward,
  close: () => sessions.clear(),
};

export default implementation;
