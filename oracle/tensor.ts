// Dense row-major tensors: the only data type the oracle computes on.
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';

/** Every dtype the suite knows: the full-precision ones first, then the half-precision ones (gru.dtype.half-formats). */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

/** A dense row-major tensor. `data` always holds float64 values; `dtype` says what they represent. */
export interface Tensor {
  dtype: DType;
  shape: number[];
  data: Float64Array;
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function tensor(dtype: DType, shape: number[], data?: ArrayLike<number>): Tensor {
  const n = numel(shape);
  const values = data === undefined ? new Float64Array(n) : Float64Array.from(data);
  if (values.length !== n) {
    throw new RangeError(`tensor of shape [${shape}] needs ${n} values, got ${values.length}`);
  }
  return { dtype, shape: [...shape], data: values };
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
