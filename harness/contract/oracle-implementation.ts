// The oracle itself as an implementation under test (the reference; used for self-checks and `oracle serve`).

import { DTYPES, gruForward } from '../../oracle/index.js';
import { SUITE_VERSION } from '../version.js';
import type { Implementation } from './implementation.js';
import type { GruRequest, GruResponse } from './request.js';

/** The oracle's result for a request: eval mode, or training mode with the request's dropout masks. */
export function oracleResult(r: GruRequest): GruResponse {
  const mode = { training: r.dropoutMasks !== undefined, dropoutMasks: r.dropoutMasks };
  const { output, h_n } = gruForward(r.kwargs, r.parameters, r.input, r.hx, mode);
  return { output, h_n };
}

export const oracleImplementation: Implementation = {
  name: 'gru-conformance oracle',
  version: SUITE_VERSION,
  // Every dtype: it computes each in float64 (gru.dtype.float64-reference).
  capabilities: { dtypes: [...DTYPES], trainMasks: true },
  forward: oracleResult,
};
