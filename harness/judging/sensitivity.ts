// How sensitive a call's result is to rounding: the oracle re-run on inputs perturbed by one unit roundoff.
// A long recurrence with large weights amplifies every rounding error; this measures by how much, per element.
import type { Tensor } from '../../oracle/index.js';
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

/** |f(x (1 + e)) - f(x)| per element, with every parameter, input and hx value scaled by its own 1 + e, |e| <= u. */
export function spread(
  request: GruRequest,
  result: GruResponse,
): { output: Float64Array; h_n: Float64Array } {
  const next = mulberry32(0x5eed);
  const u = UNIT_ROUNDOFF[request.dtype];
  const nudge = (t: Tensor): Tensor => ({ ...t, data: t.data.map((v) => v * (1 + u * (2 * next() - 1))) });
  const parameters = Object.fromEntries(Object.entries(request.parameters).map(([k, t]) => [k, nudge(t)]));
  const hx = request.hx ? nudge(request.hx) : request.hx;
  const moved = oracleResult({ ...request, parameters, input: nudge(request.input), hx });
  const diff = (a: Tensor, b: Tensor) => a.data.map((v, i) => Math.abs(v - b.data[i]) || 0);
  return { output: diff(moved.output, result.output), h_n: diff(moved.h_n, result.h_n) };
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
