// How sensitive a call's result is to rounding: the oracle re-run on inputs perturbed by one unit roundoff.
// A long recurrence with large weights amplifies every rounding error; this measures by how much, per element.
import type { DType, Tensor } from '../../oracle/index.js';
import { oracleResult } from '../contract/oracle-implementation.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { mulberry32 } from '../random.js';
import {
  type ComparedWith,
  factorFor,
  requestScale,
  type Tolerance,
  toleranceFor,
  UNIT_ROUNDOFF,
} from './tolerance.js';

/**
 * How many perturbations the spread takes the largest move over, per dtype. One suffices where u is small. In
 * float16 and bfloat16 a recurrence near a tipping point (large recurrent weights, two stable states) goes one
 * way or the other depending on the direction of a perturbation of size u: PyTorch's own rounding flipped such a
 * bfloat16 state where the one perturbation did not (spec/tolerance.md), so the half dtypes take the largest of 8.
 */
export const SPREAD_DRAWS: Record<DType, number> = { float64: 1, float32: 1, float16: 8, bfloat16: 8 };

/**
 * max over SPREAD_DRAWS perturbations of |f(x (1 + e)) - f(x)| per element, with every parameter, input and hx
 * value scaled by its own 1 + e, |e| <= u.
 */
export function spread(
  request: GruRequest,
  result: GruResponse,
): { output: Float64Array; h_n: Float64Array } {
  const next = mulberry32(0x5eed);
  const u = UNIT_ROUNDOFF[request.dtype];
  const nudge = (t: Tensor): Tensor => ({ ...t, data: t.data.map((v) => v * (1 + u * (2 * next() - 1))) });
  const output = new Float64Array(result.output.data.length);
  const h_n = new Float64Array(result.h_n.data.length);
  const widen = (into: Float64Array, a: Tensor, b: Tensor) => {
    for (let i = 0; i < into.length; i++) into[i] = Math.max(into[i], Math.abs(a.data[i] - b.data[i]) || 0);
  };
  for (let draw = 0; draw < SPREAD_DRAWS[request.dtype]; draw++) {
    const parameters = Object.fromEntries(Object.entries(request.parameters).map(([k, t]) => [k, nudge(t)]));
    const hx = request.hx ? nudge(request.hx) : request.hx;
    const moved = oracleResult({ ...request, parameters, input: nudge(request.input), hx });
    widen(output, moved.output, result.output);
    widen(h_n, moved.h_n, result.h_n);
  }
  return { output, h_n };
}

/**
 * The tolerances of a call's output and h_n: the conditioning scale plus the per-element spread. The spread
 * re-runs the oracle, so it is computed at most once, and only if some element fails without it.
 */
export function requestTolerances(
  request: GruRequest,
  oracleResult: GruResponse,
  comparedWith: ComparedWith = 'oracle',
): { output: Tolerance; h_n: Tolerance } {
  const scale = requestScale(request);
  const factor = factorFor(request.dtype, comparedWith);
  // The request is the judge's own (never handed to an implementation), so reading it later is safe.
  let s: { output: Float64Array; h_n: Float64Array } | undefined;
  const lazy = () => {
    s ??= spread(request, oracleResult);
    return s;
  };
  return {
    output: toleranceFor(request.dtype, scale, factor, () => lazy().output),
    h_n: toleranceFor(request.dtype, scale, factor, () => lazy().h_n),
  };
}
