// What one call is judged against: the expected output and h_n, their allowances and the call's layout, all
// made from the judge's own request before the implementation sees a copy of it.
import { oracleResult } from '../contract/oracle-implementation.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import type { CallOutcome } from '../contract/safe-call.js';
import { judge } from './judge.js';
import { type CallLayout, callLayout } from './localise.js';
import { requestTolerances } from './sensitivity.js';
import type { Tolerance } from './tolerance.js';
import type { Verdict } from './verdict.js';

export interface Expectation {
  expected: GruResponse;
  tolerances: { output: Tolerance; h_n: Tolerance };
  layout: CallLayout | null;
}

/**
 * The oracle's result for the request, or `recorded` (a golden: PyTorch's result, judged with the golden
 * allowance); the tolerances come from the oracle's result either way.
 */
export function expectationOf(request: GruRequest, recorded?: GruResponse): Expectation {
  const result = oracleResult(request);
  return {
    expected: recorded ?? result,
    tolerances: requestTolerances(request, result, recorded ? 'golden' : 'oracle'),
    layout: callLayout(request),
  };
}

/** The verdict on a call's outcome. */
export function judgeCall(outcome: CallOutcome, e: Expectation): Verdict {
  return judge(outcome, e.expected, e.tolerances, e.layout);
}
