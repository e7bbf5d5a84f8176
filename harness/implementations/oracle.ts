// The oracle itself as an implementation under test (the reference; used for self-checks and `oracle serve`).
import { gruForward } from '../../oracle/index.js';
import type { Implementation } from '../implementation.js';

export const oracleImplementation: Implementation = {
  name: 'gru-conformance oracle',
  version: '0.1.0',
  capabilities: { dtypes: ['float32', 'float64'] },
  forward(r) {
    const { output, h_n } = gruForward(r.kwargs, r.parameters, r.input, r.hx);
    return { output, h_n };
  },
};
