// Compare one response with an expectation under the tolerance model, as a property verdict.
import type { DType, Tensor } from '../../oracle/index.js';
import { compareTensors } from '../compare.js';
import type { Tolerance } from '../tolerance.js';
import type { CallOutcome } from './call.js';
import { STOPPED_VERDICT, type Verdict } from './property.js';
import type { WorstSeen } from './types.js';

/** Judges a call outcome against expected output and h_n. */
export function judge(
  outcome: CallOutcome,
  expected: { output: Tensor; h_n: Tensor },
  tol: Tolerance | { output: Tolerance; h_n: Tolerance },
): Verdict {
  const tols = 'unit' in tol ? { output: tol, h_n: tol } : tol;
  if (outcome.kind === 'stopped') return STOPPED_VERDICT;
  if (outcome.kind === 'rejected') return { ok: false, message: `rejected a valid call: ${outcome.message}` };
  if (outcome.kind === 'failure') return { ok: false, message: outcome.message };
  return judgePairs(
    [
      { what: 'output', actual: outcome.response.output, expected: expected.output, tol: tols.output },
      { what: 'h_n', actual: outcome.response.h_n, expected: expected.h_n, tol: tols.h_n },
    ],
    tols.output,
  );
}

/** Judges tensor pairs: all must match; the message names the first mismatch. */
export function judgePairs(
  pairs: { what: string; actual: Tensor; expected: Tensor; tol?: Tolerance }[],
  tol: Tolerance,
): Verdict {
  const worst: WorstSeen[] = [];
  for (const p of pairs) {
    const c = compareTensors(p.what, p.actual, p.expected, p.tol ?? tol);
    if (c.worst)
      worst.push({
        dtype: tol.dtype as DType,
        ratio: c.worst.ratio,
        error: c.worst.error,
        allowance: c.worst.allowance,
      });
    if (!c.ok) return { ok: false, message: c.message, worst };
  }
  return { ok: true, message: 'ok', worst };
}
