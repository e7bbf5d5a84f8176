// The one comparator: shapes and dtypes first, then every element against the tolerance model.
import { formatShape, type Tensor } from '../oracle/index.js';
import { allowance, type Tolerance } from './tolerance.js';

export interface Worst {
  index: number;
  actual: number;
  expected: number;
  error: number;
  allowance: number;
  /** error / allowance: <= 1 passes. */
  ratio: number;
}

export interface Comparison {
  ok: boolean;
  /** Why it failed, in one line: the shape, dtype, or worst element with its allowance. */
  message: string;
  worst: Worst | null;
  mismatches: number;
}

/** Non-finite values match only themselves (NaN matches NaN); a non-finite value never matches a finite one. */
function nonFiniteMatch(a: number, e: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(e) : a === e;
}

export function compareTensors(what: string, actual: Tensor, expected: Tensor, tol: Tolerance): Comparison {
  const shapeOk =
    actual.shape.length === expected.shape.length && actual.shape.every((v, i) => v === expected.shape[i]);
  if (!shapeOk) {
    return fail(`${what}: shape ${formatShape(actual.shape)}, expected ${formatShape(expected.shape)}`);
  }
  if (actual.dtype !== expected.dtype)
    return fail(`${what}: dtype ${actual.dtype}, expected ${expected.dtype}`);
  if (actual.data.length !== expected.data.length) {
    return fail(`${what}: ${actual.data.length} values for shape ${formatShape(actual.shape)}`);
  }
  let worst: Worst | null = null;
  let mismatches = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    const a = actual.data[i];
    const finite = Number.isFinite(a) && Number.isFinite(e);
    const err = finite ? Math.abs(a - e) : nonFiniteMatch(a, e) ? 0 : Number.POSITIVE_INFINITY;
    const allow = allowance(tol, finite ? e : 0, i);
    const ratio = err === 0 ? 0 : err / allow;
    if (ratio > 1) mismatches++;
    if (worst === null || ratio > worst.ratio)
      worst = { index: i, actual: actual.data[i], expected: e, error: err, allowance: allow, ratio };
  }
  const ok = mismatches === 0;
  const detail = worst
    ? `worst at ${indexOf(worst.index, expected.shape)}: ${worst.actual} vs ${worst.expected} (|diff| ${worst.error.toExponential(2)}, allowed ${worst.allowance.toExponential(2)})`
    : 'no elements';
  return {
    ok,
    message: ok
      ? `${what}: ok, ${detail}`
      : `${what}: ${mismatches} of ${expected.data.length} values off; ${detail}`,
    worst,
    mismatches,
  };
}

function fail(message: string): Comparison {
  return { ok: false, message, worst: null, mismatches: Number.POSITIVE_INFINITY };
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
