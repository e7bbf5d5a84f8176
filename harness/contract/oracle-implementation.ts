// The oracle itself as an implementation under test (the reference; used for self-checks and `oracle serve`).

import { DTYPES, gruCellForward, gruForward } from '../../oracle/index.js';
import { SUITE_VERSION } from '../version.js';
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
  },
  forward: oracleResult,
  forwardCell: oracleCellResult,
};
