// The tolerance model for gradients (gru.num.tolerance, gru.grad.vjp; derivation in spec/tolerance.md,
// "Gradients"). Per gradient tensor T and element i:
//   |actual_i - expected_i| <= K u (m A_T + |expected_i|) + K spread_i
// m is the forward's conditioning scale, A_T the larger of T's largest |gradient| and the upstream's largest
// |value| times what T's terms multiply it by (1 where both are zero), and spread_i how far the float64 oracle's gradient moves when every parameter, input, hx and upstream
// value is scaled by its own 1 + e, |e| <= u: the amplification of the backward's linear recurrence.
import type { Tensor } from '../../oracle/index.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import { oracleBackwardResult } from '../contract/oracle-implementation.js';
import { mulberry32 } from '../random.js';
import {
  type ComparedWith,
  factorFor,
  requestScale,
  type Tolerance,
  toleranceFor,
  UNIT_ROUNDOFF,
} from './tolerance.js';

/** The oracle's gradients of a request, by the names a response carries. */
export const oracleGradients = (r: GruBackwardRequest): Record<string, Tensor> =>
  oracleBackwardResult(r).gradients;

/** Largest finite |v| of a tensor (0 for none). */
function maxAbs(t: Tensor | null | undefined): number {
  let m = 0;
  if (t) for (const v of t.data) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** |g(x (1 + e)) - g(x)| per element and name: the request's every value nudged by its own |e| <= u. */
export function gradientSpread(
  r: GruBackwardRequest,
  expected: Record<string, Tensor>,
): Record<string, Float64Array> {
  const next = mulberry32(0x9ead);
  const u = UNIT_ROUNDOFF[r.dtype];
  const nudge = (t: Tensor): Tensor => ({ ...t, data: t.data.map((v) => v * (1 + u * (2 * next() - 1))) });
  const maybe = (t: Tensor | null | undefined) => (t == null ? t : nudge(t));
  const moved = oracleGradients({
    ...r,
    parameters: Object.fromEntries(Object.entries(r.parameters).map(([k, t]) => [k, nudge(t)])),
    input: nudge(r.input),
    hx: maybe(r.hx),
    upstream: { output: maybe(r.upstream.output), h_n: maybe(r.upstream.h_n) },
  });
  return Object.fromEntries(
    Object.entries(expected).map(([k, t]) => [k, t.data.map((v, i) => Math.abs(moved[k].data[i] - v) || 0)]),
  );
}

/**
 * The allowance of every gradient of a request (the oracle's gradients `expected`), compared with `comparedWith`.
 * The spread re-runs the oracle's backward, so it is computed at most once, and only when some element needs it.
 */
export function gradTolerances(
  r: GruBackwardRequest,
  expected: Record<string, Tensor>,
  comparedWith: ComparedWith,
): Record<string, Tolerance> {
  const m = requestScale(r);
  const factor = factorFor(r.dtype, comparedWith);
  const upstream = Math.max(maxAbs(r.upstream.output), maxAbs(r.upstream.h_n));
  let s: Record<string, Float64Array> | undefined;
  const lazy = () => {
    s ??= gradientSpread(r, expected);
    return s;
  };
  const states = Math.max(1, maxAbs(r.hx));
  // What a gradient's terms are multiplied by besides the adjoint: the layer-0 input for weight_ih_l0, a state
  // (|h| <= S) for the other weights, nothing for the biases, input and hx (m holds the weights' sums).
  const factorOf = (name: string) =>
    name.startsWith('weight_ih_l0') ? maxAbs(r.input) : name.startsWith('weight_') ? states : 1;
  return Object.fromEntries(
    Object.entries(expected).map(([name, t]) => {
      const a = Math.max(maxAbs(t), upstream * factorOf(name)) || 1;
      return [name, toleranceFor(r.dtype, m * a, factor, () => lazy()[name])];
    }),
  );
}
