// Small builders for hand-written test cases.
import {
  type DType,
  type GruKwargs,
  type GruParameters,
  parameterShapes,
  resolveKwargs,
  type Tensor,
  tensor,
} from '../../oracle/index.js';

export const f64 = (shape: number[], data: number[]): Tensor => tensor('float64', shape, data);

/** Parameters of the given kwargs, each filled by fill(name, flatIndex). */
export function paramsOf(
  kwargs: GruKwargs,
  fill: (name: string, i: number) => number,
  dtype: DType = 'float64',
): GruParameters {
  const { options } = resolveKwargs(kwargs);
  const out: GruParameters = {};
  for (const [name, shape] of parameterShapes(options)) {
    const n = shape.reduce((a, b) => a * b, 1);
    out[name] = tensor(
      dtype,
      shape,
      Array.from({ length: n }, (_, i) => fill(name, i)),
    );
  }
  return out;
}

/** Max |a - b| over two equally long arrays; Infinity when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
