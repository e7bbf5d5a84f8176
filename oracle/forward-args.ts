// Forward-time validation and layout (gru.err.* at forward, gru.shape.*, gru.default.hx-zeros).
import { GruSpecError } from './errors.js';
import type { GruOptions } from './kwargs.js';
import { numDirections } from './parameters.js';
import { type DType, formatShape, sameShape, type Tensor } from './tensor.js';

/** The call in the oracle's canonical layout: time-major [L, N, features], hx as [D * num_layers, N, H]. */
export interface CanonicalCall {
  batched: boolean;
  steps: number; // L
  batch: number; // N
  input: Float64Array; // [L, N, input_size]
  hx: Float64Array; // [D * num_layers, N, hidden_size]
}

/** Validates input and hx in PyTorch's order and brings them into the canonical layout. */
export function canonicalCall(
  options: GruOptions,
  paramDtype: DType,
  input: Tensor,
  hx?: Tensor | null,
): CanonicalCall {
  const rank = input.shape.length;
  // gru.err.input-rank
  if (rank !== 2 && rank !== 3) {
    throw new GruSpecError(
      'gru.err.input-rank',
      `input must be 2-D or 3-D, got ${rank}-D ${formatShape(input.shape)}`,
      {
        shape: input.shape,
      },
    );
  }
  // gru.shape.unbatched: a 2-D input is one sequence; batch_first is ignored for it
  const batched = rank === 3;
  if (hx != null && hx.shape.length !== rank) {
    // gru.err.hx-rank
    throw new GruSpecError(
      'gru.err.hx-rank',
      `for ${rank}-D input hx must be ${rank}-D, got ${hx.shape.length}-D ${formatShape(hx.shape)}`,
      { shape: hx.shape },
    );
  }
  // gru.err.input-dtype
  if (input.dtype !== paramDtype) {
    throw new GruSpecError(
      'gru.err.input-dtype',
      `input dtype ${input.dtype} does not match parameter dtype ${paramDtype}`,
    );
  }
  // gru.err.input-features
  const features = input.shape[rank - 1];
  if (features !== options.input_size) {
    throw new GruSpecError(
      'gru.err.input-features',
      `input.size(-1) must equal input_size ${options.input_size}, got ${features} in ${formatShape(input.shape)}`,
      { expected: options.input_size, actual: features },
    );
  }
  // gru.shape.input-batched: (L, N, H_in), or (N, L, H_in) when batch_first
  const batchFirst = batched && options.batch_first;
  const steps = batched ? input.shape[batchFirst ? 1 : 0] : input.shape[0];
  const batch = batched ? input.shape[batchFirst ? 0 : 1] : 1;
  // gru.shape.h-n, gru.shape.h-n-never-batch-first: hx is (D * num_layers, N, H_out) whatever batch_first is
  const hxShape = batched
    ? [numDirections(options) * options.num_layers, batch, options.hidden_size]
    : [numDirections(options) * options.num_layers, options.hidden_size];
  if (hx != null && !sameShape(hx.shape, hxShape)) {
    // gru.err.hx-shape
    throw new GruSpecError(
      'gru.err.hx-shape',
      `hx must have shape ${formatShape(hxShape)}, got ${formatShape(hx.shape)}`,
      { expected: hxShape, actual: hx.shape },
    );
  }
  // gru.err.hx-dtype
  if (hx != null && hx.dtype !== input.dtype) {
    throw new GruSpecError(
      'gru.err.hx-dtype',
      `hx dtype ${hx.dtype} does not match input dtype ${input.dtype}`,
    );
  }
  // gru.err.seq-len-zero
  if (steps === 0) {
    throw new GruSpecError(
      'gru.err.seq-len-zero',
      `sequence length must be > 0, got 0 in ${formatShape(input.shape)}`,
    );
  }
  return {
    batched,
    steps,
    batch,
    input: batchFirst ? swapFirstTwo(input.data, batch, steps, features) : input.data,
    // gru.default.hx-zeros: an omitted hx is zeros (the unbatched hx (D*NL, H) is already [D*NL, 1, H])
    hx: hx != null ? hx.data : new Float64Array(hxShape[0] * batch * options.hidden_size),
  };
}

/** Transposes the first two dimensions of a row-major [a, b, c] array, giving [b, a, c]. */
export function swapFirstTwo(data: Float64Array, a: number, b: number, c: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      for (let k = 0; k < c; k++) out[(j * a + i) * c + k] = data[(i * b + j) * c + k];
    }
  }
  return out;
}
