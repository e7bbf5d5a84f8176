// The oracle itself as an implementation under test (the reference; used for self-checks and `oracle serve`).

import { DTYPES, gruBackward, gruCellForward, gruForward } from '../../oracle/index.js';
import { SUITE_VERSION } from '../version.js';
import type { GruBackwardRequest, GruBackwardResponse } from './backward-request.js';
import type { GruCellRequest, GruCellResponse } from './cell-request.js';
import type { Implementation } from './implementation.js';
import { oraclePackedResult } from './oracle-packed.js';
import type { GruRequest, GruResponse } from './request.js';

/**
 * The oracle's result for a request: eval mode, or training mode with the request's dropout masks; a packed or
 * padded-with-lengths input through the oracle's PackedSequence forward.
 */
export function oracleResult(r: GruRequest): GruResponse {
  if (r.packed !== undefined || r.sequenceLengths !== undefined) return oraclePackedResult(r);
  const mode = { training: r.dropoutMasks !== undefined, dropoutMasks: r.dropoutMasks };
  const { output, h_n } = gruForward(r.kwargs, r.parameters, r.input, r.hx, mode);
  return { output, h_n };
}

/** The oracle's nn.GRUCell result for a cell request (gru.cell.*). */
export function oracleCellResult(r: GruCellRequest): GruCellResponse {
  return { h: gruCellForward(r.kwargs, r.parameters, r.input, r.hx) };
}

/** The oracle's gradients for a backward request (gru.grad.*), by the names a response carries. */
export function oracleBackwardResult(r: GruBackwardRequest): GruBackwardResponse {
  const mode = { training: r.dropoutMasks !== undefined, dropoutMasks: r.dropoutMasks };
  const g = gruBackward(r.kwargs, r.parameters, r.input, r.hx, r.upstream, mode);
  const gradients: GruBackwardResponse['gradients'] = { input: g.input };
  if (g.hx !== null && r.hx != null) gradients.hx = g.hx;
  return { gradients: { ...gradients, ...g.parameters } };
}

export const oracleImplementation: Implementation = {
  name: 'gru-conformance oracle',
  version: SUITE_VERSION,
  // Every dtype: it computes each in float64 (gru.dtype.float64-reference).
  capabilities: {
    dtypes: [...DTYPES],
    trainMasks: true,
    cell: true,
    packed: true,
    sequenceLengths: true,
    backward: true,
  },
  forward: oracleResult,
  forwardCell: oracleCellResult,
  backward: oracleBackwardResult,
};
