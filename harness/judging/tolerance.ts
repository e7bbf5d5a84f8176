// The per-dtype tolerance model (gru.num.tolerance; derivation in spec/tolerance.md).
import {
  type DType,
  type GruKwargs,
  type GruParameters,
  numDirections,
  parameterSuffix,
  resolveKwargs,
  type Tensor,
} from '../../oracle/index.js';
import type { GruRequest } from '../contract/request.js';

/** Unit roundoff u = 2^-p of each dtype (p = 53 for float64, 24 for float32, 11 for float16, 8 for bfloat16). */
export const UNIT_ROUNDOFF: Record<DType, number> = {
  float64: 2 ** -53,
  float32: 2 ** -24,
  float16: 2 ** -11,
  bfloat16: 2 ** -8,
};

/**
 * K: how many unit roundoffs of the conditioning scale an element may be off. Calibrated in spec/tolerance.md:
 * 64 leaves the full-precision dtypes a margin of 10 or more; in float16 and bfloat16, whose roundings are as
 * large as the mistakes to be caught (a bfloat16 computation answered as float16 is off by 8 times float16's),
 * 6 leaves PyTorch a margin of 4 and still fails every known variant (npm run calibrate:half).
 */
export const TOLERANCE_FACTOR: Record<DType, number> = {
  float64: 64,
  float32: 64,
  float16: 6,
  bfloat16: 6,
};

/**
 * How many times K an allowance is, by what a result is compared with (spec/tolerance.md, "Where the allowance is
 * doubled"). The oracle's float64 result carries no rounding of the dtype; a golden carries PyTorch's own, and a
 * relation's other side the implementation's own, so both sides round; the diagnosis compares with a variant
 * GRU and only names what an implementation computes (it never passes one), so it is the widest.
 */
export const ALLOWANCE_MULTIPLIER = { oracle: 1, golden: 2, relation: 2, diagnosis: 4 } as const;
export type ComparedWith = keyof typeof ALLOWANCE_MULTIPLIER;

/**
 * The diagnosis's multiplier in float16 and bfloat16: K itself. There a half-precision GRU's own rounding is a
 * few units where the subtle variants' effects are tens (a bfloat16 allowance of 4K could not tell
 * reset-before-matmul from nn.GRU), so the diagnosis names a variant only within K of it.
 */
export const HALF_DIAGNOSIS_MULTIPLIER = 1;

/** K times the multiplier for what the result is compared with. */
export function factorFor(dtype: DType, comparedWith: ComparedWith): number {
  const half = dtype === 'float16' || dtype === 'bfloat16';
  const multiplier =
    comparedWith === 'diagnosis' && half ? HALF_DIAGNOSIS_MULTIPLIER : ALLOWANCE_MULTIPLIER[comparedWith];
  return multiplier * TOLERANCE_FACTOR[dtype];
}

export interface Tolerance {
  dtype: DType;
  /** K */
  factor: number;
  /**
   * Per element, how far the float64 result moves when every input value is perturbed by one unit roundoff
   * of the dtype (harness/judging/sensitivity.ts): the amplification a long or ill-conditioned recurrence adds. It
   * only widens an allowance, so it is computed on demand, only when some element fails without it.
   */
  spread?: () => Float64Array;
  /** Conditioning scale m of the request. */
  scale: number;
  /** K * u */
  unit: number;
}

/** Largest finite |v| over a tensor (0 for an empty one). Non-finite values are judged by class, not scale. */
function maxAbs(t: Tensor | null | undefined): number {
  let m = 0;
  if (t) for (const v of t.data) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** |v|, with non-finite values counted as 0 (they make their elements non-finite, judged exactly). */
const finiteAbs = (v: number | undefined): number =>
  v !== undefined && Number.isFinite(v) ? Math.abs(v) : 0;

/** max over gate rows j of  sum_i |W_ih[j, i]| * X + |b_ih[j]| + sum_i |W_hh[j, i]| * S + |b_hh[j]|. */
function gateBound(
  wIh: Tensor,
  wHh: Tensor,
  bIh: Tensor | undefined,
  bHh: Tensor | undefined,
  x: number,
  s: number,
): number {
  const [rows, inSize] = wIh.shape;
  const hidden = wHh.shape[1];
  let worst = 0;
  for (let j = 0; j < rows; j++) {
    let sum = finiteAbs(bIh?.data[j]) + finiteAbs(bHh?.data[j]);
    for (let i = 0; i < inSize; i++) sum += finiteAbs(wIh.data[j * inSize + i]) * x;
    for (let i = 0; i < hidden; i++) sum += finiteAbs(wHh.data[j * hidden + i]) * s;
    worst = Math.max(worst, sum);
  }
  return worst;
}

/**
 * The conditioning scale m of a call: the largest bound on the sum of |terms| of any gate pre-activation.
 * States stay within S = max(1, max|hx|) (h' is a convex mix of n in [-1, 1] and h), so layer k >= 1 reads
 * features bounded by S and layer 0 reads the input, bounded by max|input|.
 */
export function conditioningScale(
  kwargs: GruKwargs,
  params: GruParameters,
  input: Tensor,
  hx?: Tensor | null,
): number {
  const { options } = resolveKwargs(kwargs);
  const s = Math.max(1, maxAbs(hx));
  let m = 1;
  for (let layer = 0; layer < options.num_layers; layer++) {
    for (let d = 0; d < numDirections(options); d++) {
      const k = parameterSuffix(layer, d);
      const x = layer === 0 ? maxAbs(input) : s;
      m = Math.max(
        m,
        gateBound(
          params[`weight_ih${k}`],
          params[`weight_hh${k}`],
          params[`bias_ih${k}`],
          params[`bias_hh${k}`],
          x,
          s,
        ),
      );
    }
  }
  return m;
}

/** The conditioning scale of a request's own call. */
export function requestScale(r: Pick<GruRequest, 'kwargs' | 'parameters' | 'input' | 'hx'>): number {
  return conditioningScale(r.kwargs, r.parameters, r.input, r.hx);
}

/** The tolerance of a request without the spread: its scale, K times the multiplier of what it is compared with. */
export function scaleTolerance(r: GruRequest, comparedWith: ComparedWith): Tolerance {
  return toleranceFor(r.dtype, requestScale(r), factorFor(r.dtype, comparedWith));
}

export function toleranceFor(
  dtype: DType,
  scale: number,
  factor = TOLERANCE_FACTOR[dtype],
  spread?: () => Float64Array,
): Tolerance {
  return { dtype, scale, unit: factor * UNIT_ROUNDOFF[dtype], factor, spread };
}

/** The first term of the allowance of an element: K * u * (m + |expected|). */
export function baseAllowance(t: Tolerance, expected: number): number {
  return t.unit * (t.scale + Math.abs(expected));
}

/** The full allowance of element `index`: K * u * (m + |expected|) + K * spread[index] (spread computed now). */
export function allowance(t: Tolerance, expected: number, index: number): number {
  const spread = t.spread !== undefined ? t.spread()[index] : 0;
  return baseAllowance(t, expected) + t.factor * spread;
}
