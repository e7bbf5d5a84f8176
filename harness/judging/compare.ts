// The one comparator: shapes and dtypes first, then every element against the tolerance model.
import { formatShape, type Tensor } from '../../oracle/index.js';
import { emptyHistogram, ratioBin } from './ratio-histogram.js';
import { allowance, baseAllowance, type Tolerance } from './tolerance.js';

export interface Worst {
  index: number;
  actual: number;
  expected: number;
  error: number;
  allowance: number;
  /** error / allowance: <= 1 passes. */
  ratio: number;
}

/** `non-finite`: some wrong values are NaN or infinite where the other side is not the same. */
export type TensorProblem = 'shape' | 'dtype' | 'values' | 'non-finite';

export interface Comparison {
  ok: boolean;
  /** Why it failed, in one line: the shape, dtype, or worst element with its allowance. */
  message: string;
  worst: Worst | null;
  mismatches: number;
  /** What is wrong, when something is: the shape (or the number of values), the dtype, or values. */
  problem?: TensorProblem;
  /** Per element, 1 where it is off (absent when the shapes or dtypes already differ). */
  off?: Uint8Array;
  /** Every element's |diff| / allowance, counted in log-scale bins (harness/ratio-histogram.ts). */
  histogram?: number[];
  /** Per element, |diff| / allowance (absent when the shapes or dtypes already differ). */
  ratios?: Float64Array;
}

/** Non-finite values match only themselves (NaN matches NaN); a non-finite value never matches a finite one. */
function nonFiniteMatch(a: number, e: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(e) : a === e;
}

/** How one element is judged. */
type ElementKind = 'ok' | 'off' | 'non-finite' | 'unjudgeable';

export function compareTensors(what: string, actual: Tensor, expected: Tensor, tol: Tolerance): Comparison {
  const shapeOk =
    actual.shape.length === expected.shape.length && actual.shape.every((v, i) => v === expected.shape[i]);
  if (!shapeOk) {
    return fail(
      'shape',
      `${what}: shape ${formatShape(actual.shape)}, expected ${formatShape(expected.shape)}`,
    );
  }
  if (actual.dtype !== expected.dtype)
    return fail('dtype', `${what}: dtype ${actual.dtype}, expected ${expected.dtype}`);
  if (actual.data.length !== expected.data.length) {
    return fail('shape', `${what}: ${actual.data.length} values for shape ${formatShape(actual.shape)}`);
  }
  let worst: Worst | null = null;
  const counts: Record<ElementKind, number> = { ok: 0, off: 0, 'non-finite': 0, unjudgeable: 0 };
  const off = new Uint8Array(expected.data.length);
  const ratios = new Float64Array(expected.data.length);
  const histogram = emptyHistogram();
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    const a = actual.data[i];
    let err: number;
    let allow: number;
    let kind: ElementKind;
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      // gru.num.tolerance: NaN exactly where NaN is expected, the same infinity where one is expected
      err = nonFiniteMatch(a, e) ? 0 : Number.POSITIVE_INFINITY;
      allow = Number.isFinite(e) ? baseAllowance(tol, e) : 0;
      kind = err === 0 ? 'ok' : 'non-finite';
    } else {
      err = Math.abs(a - e);
      // The spread term only widens the allowance: it is added only where the first term is not enough.
      allow = baseAllowance(tol, e);
      if (!(err <= allow) && tol.spread !== undefined) allow = allowance(tol, e, i);
      // An allowance that is NaN, infinite or not positive cannot judge anything: a failure, never a pass.
      kind = !(allow > 0 && allow < Number.POSITIVE_INFINITY) ? 'unjudgeable' : err <= allow ? 'ok' : 'off';
    }
    counts[kind]++;
    if (kind !== 'ok') off[i] = 1;
    const ratio = kind === 'unjudgeable' ? Number.POSITIVE_INFINITY : err === 0 ? 0 : err / allow;
    ratios[i] = ratio;
    histogram[ratioBin(ratio)]++;
    if (worst === null || ratio > worst.ratio || (kind !== 'ok' && worst.ratio <= 1))
      worst = { index: i, actual: a, expected: e, error: err, allowance: allow, ratio };
  }
  const mismatches = counts.off + counts['non-finite'] + counts.unjudgeable;
  const ok = mismatches === 0;
  const at = worst ? `worst at ${indexOf(worst.index, expected.shape)}: ` : '';
  const detail = worst
    ? `${at}${worst.actual} vs ${worst.expected} (|diff| ${worst.error.toExponential(2)}, allowed ${worst.allowance.toExponential(2)})`
    : 'no elements';
  const notes = [
    counts['non-finite'] > 0
      ? `${counts['non-finite']} where one side is NaN or infinite and the other is not the same`
      : '',
    counts.unjudgeable > 0
      ? `${counts.unjudgeable} with an allowance that is not a positive finite number (the call cannot be judged)`
      : '',
  ].filter(Boolean);
  return {
    ok,
    message: ok
      ? `${what}: ok, ${detail}`
      : `${what}: ${mismatches} of ${expected.data.length} values off${notes.length ? ` (${notes.join('; ')})` : ''}; ${detail}`,
    worst,
    mismatches,
    ...(ok ? {} : { problem: counts['non-finite'] > 0 ? ('non-finite' as const) : ('values' as const) }),
    off,
    histogram,
    ratios,
  };
}

function fail(problem: TensorProblem, message: string): Comparison {
  return { ok: false, message, worst: null, mismatches: Number.POSITIVE_INFINITY, problem };
}

/** The multi-index [i, j, k] of a flat row-major index. */
export function indexOf(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}
