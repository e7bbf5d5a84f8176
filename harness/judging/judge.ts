// Compare one response with an expectation under the tolerance model, as a property verdict.
import type { DType, Tensor } from '../../oracle/index.js';
import type { CallOutcome } from '../contract/safe-call.js';
import { type Comparison, compareTensors } from './compare.js';
import { problemKind } from './evidence.js';
import { type CallLayout, localise } from './localise.js';
import { ratioGrids } from './ratio-grid.js';
import type { Tolerance } from './tolerance.js';
import { STOPPED_VERDICT, type Verdict, type WorstSeen } from './verdict.js';

/**
 * Judges a call outcome against expected output and h_n. Both tensors are compared in full, so that a failure
 * can say where the results differ (`layout`: the call's shapes, for the localisation).
 */
export function judge(
  outcome: CallOutcome,
  expected: { output: Tensor; h_n: Tensor },
  tol: Tolerance | { output: Tolerance; h_n: Tolerance },
  layout?: CallLayout | null,
): Verdict {
  const tols = 'unit' in tol ? { output: tol, h_n: tol } : tol;
  if (outcome.kind === 'stopped') return STOPPED_VERDICT;
  if (outcome.kind === 'rejected') return { ok: false, message: `rejected a valid call: ${outcome.message}` };
  if (outcome.kind === 'failure') return { ok: false, message: outcome.message };
  const output = compareTensors('output', outcome.response.output, expected.output, tols.output);
  const hN = compareTensors('h_n', outcome.response.h_n, expected.h_n, tols.h_n);
  const worst = [output, hN].flatMap((c) => worstSeen(c, tols.output.dtype));
  if (output.ok && hN.ok) return { ok: true, message: 'ok', worst };
  const message = output.ok ? hN.message : hN.ok ? output.message : `${output.message}; ${hN.message}`;
  const where = layout && output.off && hN.off ? localise(layout, output.off, hN.off) : null;
  const grids = layout && output.ratios && hN.ratios ? ratioGrids(layout, output.ratios, hN.ratios) : null;
  const problems = { output: output.problem, h_n: hN.problem };
  return {
    ok: false,
    message,
    worst,
    problems,
    ...(where ? { localisation: where } : {}),
    ...(grids ? { grids } : {}),
  };
}

/** The worst element of a comparison, with the spread of all of them; both tensors of a call add up. */
function worstSeen(c: Comparison, dtype: DType): WorstSeen[] {
  if (!c.worst) return [];
  const { ratio, error, allowance } = c.worst;
  return [{ dtype, ratio, error, allowance, ...(c.histogram ? { histogram: c.histogram } : {}) }];
}

/**
 * Judges tensor pairs: all must match; the message names the first mismatch, the evidence holds it (the calls
 * that made the tensors are the caller's to add).
 */
export function judgePairs(
  pairs: { what: string; actual: Tensor; expected: Tensor; tol?: Tolerance }[],
  tol: Tolerance,
): Verdict {
  const worst: WorstSeen[] = [];
  for (const p of pairs) {
    const c = compareTensors(p.what, p.actual, p.expected, p.tol ?? tol);
    worst.push(...worstSeen(c, tol.dtype));
    if (!c.ok) {
      const compared = { what: p.what, expected: p.expected, actual: p.actual, allowance: p.tol ?? tol };
      const evidence = {
        kind: problemKind([c.problem]),
        comparedWith: 'relation' as const,
        calls: [],
        compared: [compared],
      };
      return { ok: false, message: c.message, worst, evidence };
    }
  }
  return { ok: true, message: 'ok', worst };
}
