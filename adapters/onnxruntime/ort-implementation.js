// nn.GRU through an ONNX Runtime build (native or WebAssembly): PyTorch's weights converted to ONNX GRU nodes
// with linear_before_reset=1. The adapter only lays out data and applies nn.GRU's argument checks; ORT computes.
import { torchCall, torchResponse } from '../shared/torch-call.js';
import { checkParameters, gruOptions } from '../shared/torch-kwargs.js';
import { torchLengths } from '../shared/torch-lengths.js';
import { ortFeeds, ortResults } from './ort-feeds.js';
import { sessionCache } from './session-cache.js';

/** @typedef {import('../shared/torch-call.js').Tensor} Tensor */

/**
 * @param {any} ort the onnxruntime module (onnxruntime-node or onnxruntime-web)
 * @param {{name: string, version: string, sessionOptions: object, refuseBatchZero?: string}} how
 *   refuseBatchZero: the reason to refuse a batch of 0 rather than send it to this build
 * @returns {import('gru-conformance').Implementation}
 */
export function ortImplementation(ort, how) {
  const sessions = sessionCache(ort, how.sessionOptions);
  /** @param {{kwargs: Record<string, unknown>, dtype: 'float32' | 'float64' | 'float16' | 'bfloat16', parameters: Record<string, Tensor>, input: Tensor, hx?: Tensor | null, sequenceLengths?: {lengths: number[], enforceSorted: boolean}}} request */
  async function forward({ kwargs, dtype, parameters, input, hx, sequenceLengths }) {
    const o = gruOptions(kwargs);
    checkParameters(o, parameters);
    // a padded input with lengths: pack_padded_sequence's checks here, ONNX's sequence_lens does the rest
    const padded = sequenceLengths !== undefined && input.shape.length === 3;
    const [T, N] = o.batchFirst ? [input.shape[1], input.shape[0]] : [input.shape[0], input.shape[1]];
    const lengths = padded ? torchLengths(sequenceLengths, T, N, hx) : null;
    const call = { ...torchCall(o, dtype, input, hx), lengths };
    if (dtype === 'float64')
      throw new Error("onnxruntime's GRU kernel has no float64 ('does not support double yet')");
    if (dtype === 'bfloat16')
      throw new Error("ONNX's GRU takes no bfloat16 (its type T: float16, float, double)");
    if (call.N === 0 && how.refuseBatchZero) throw new Error(how.refuseBatchZero);
    const c = {
      dtype,
      I: o.I,
      H: o.H,
      layers: o.layers,
      D: o.D,
      bias: o.bias,
      hx: call.hx !== null,
      lengths: padded,
    };
    const session = await sessions.get(c);
    const { y, hN } = ortResults(o, call, await session.run(ortFeeds(ort, dtype, o, parameters, call)));
    return torchResponse(o, dtype, call, y, hN);
  }
  return {
    name: how.name,
    version: how.version,
    // float16: ORT (node and wasm) has no float16 GRU kernel on CPU; it runs the float32 kernel between casts, the
    // state carried in float32 through the whole sequence and only Y and Y_h rounded to float16, measured by
    // float16-kernel-match.js. bfloat16 is not a type ONNX's GRU takes. sequence_lens is ONNX's form of
    // variable-length input; ONNX has no PackedSequence.
    capabilities: { dtypes: ['float32', 'float16'], sequenceLengths: true },
    forward,
    close: () => sessions.clear(),
  };
}
