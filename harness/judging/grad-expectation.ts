// What one backward call is judged against (capability `backward`): the oracle's gradients (or PyTorch's recorded
// ones, a golden) and their allowances, made from the judge's own request before the implementation sees a copy.
import type { Tensor } from '../../oracle/index.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import type { BackwardCallOutcome } from '../contract/safe-backward-call.js';
import { compareTensors } from './compare.js';
import { gradTolerances, oracleGradients } from './grad-tolerance.js';
import type { ComparedWith, Tolerance } from './tolerance.js';
import { STOPPED_VERDICT, type Verdict, type WorstSeen } from './verdict.js';

export interface GradExpectation {
  expected: Record<string, Tensor>;
  tolerances: Record<string, Tolerance>;
  comparedWith: ComparedWith;
}

/** The oracle's gradients for the request, or `recorded` (PyTorch's, judged with the golden allowance). */
export function gradExpectationOf(
  request: GruBackwardRequest,
  recorded?: Record<string, Tensor>,
): GradExpectation {
  const oracle = oracleGradients(request);
  const comparedWith: ComparedWith = recorded ? 'golden' : 'oracle';
  return {
    expected: recorded ?? oracle,
    tolerances: gradTolerances(request, oracle, comparedWith),
    comparedWith,
  };
}

/** The verdict on a backward call: every gradient within its allowance; the message names the first one off. */
export function judgeBackwardCall(outcome: BackwardCallOutcome, e: GradExpectation): Verdict {
  if (outcome.kind === 'stopped') return STOPPED_VERDICT;
  if (outcome.kind === 'rejected') return { ok: false, message: `rejected a valid call: ${outcome.message}` };
  if (outcome.kind === 'failure') return { ok: false, message: outcome.message };
  return judgeGradients(outcome.response.gradients, e.expected, e.tolerances);
}

/** Compares gradients by name (all of them, so that the message can say which are off). */
export function judgeGradients(
  actual: Record<string, Tensor>,
  expected: Record<string, Tensor>,
  tolerances: Record<string, Tolerance>,
  what = 'gradient of',
): Verdict {
  const worst: WorstSeen[] = [];
  const off: string[] = [];
  let first = '';
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (got === undefined) {
      off.push(name);
      first ||= `${what} ${name}: missing`;
      continue;
    }
    const tol = tolerances[name];
    const c = compareTensors(`${what} ${name}`, got, want, tol);
    if (c.worst) {
      const { ratio, error, allowance } = c.worst;
      worst.push({
        dtype: tol.dtype,
        ratio,
        error,
        allowance,
        ...(c.histogram ? { histogram: c.histogram } : {}),
      });
    }
    if (!c.ok) {
      off.push(name);
      first ||= c.message;
    }
  }
  if (off.length === 0) return { ok: true, message: 'ok', worst };
  const others = off.length > 1 ? ` (gradients off: ${off.join(', ')})` : '';
  return { ok: false, message: `${first}${others}`, worst };
}
