// The largest call of the "fast at every size" goal: input 512, hidden 512, batch 64, 500 steps, one
// unidirectional layer. Its request is about 190 MB as base64 (375 MB as JSON numbers), past 64 MiB.
import type { GruRequest } from '../../harness/contract/request.js';
import {
  type GruParameters,
  numel,
  parameterShapes,
  resolveKwargs,
  type Tensor,
} from '../../oracle/index.js';

export const BIG_CALL = { input_size: 512, hidden_size: 512, batch: 64, steps: 500 };

/** Deterministic values in [-scale, scale), quick to make (the oracle's work does not depend on them): a
 * scrambled ramp of 2048 values, repeated (copyWithin doubles the filled prefix: 16 million values in ms). */
function filled(shape: number[], scale: number): Tensor {
  const data = new Float64Array(numel(shape));
  const period = Math.min(2048, data.length);
  for (let i = 0; i < period; i++) data[i] = scale * (((i * 40503) % 2048) / 1024 - 1);
  for (let done = period; done < data.length; done *= 2) data.copyWithin(done, 0, done);
  return { dtype: 'float64', shape, data };
}

/** The big call as a float64 forward request with hx omitted. */
export function bigRequest(): GruRequest {
  const kwargs = { input_size: BIG_CALL.input_size, hidden_size: BIG_CALL.hidden_size };
  const k = 1 / Math.sqrt(BIG_CALL.hidden_size);
  const parameters: GruParameters = {};
  for (const [name, shape] of parameterShapes(resolveKwargs(kwargs).options))
    parameters[name] = filled(shape, k);
  const input = filled([BIG_CALL.steps, BIG_CALL.batch, BIG_CALL.input_size], 1);
  return { kwargs, dtype: 'float64', parameters, input, hx: null };
}
