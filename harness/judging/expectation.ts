// What one call is judged against: the expected output and h_n, their allowances and the call's layout, all
// made from the judge's own request before the implementation sees a copy of it.
import { oracleResult } from '../contract/oracle-implementation.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import type { CallOutcome } from '../contract/safe-call.js';
import { answerOf, type PendingEvidence, problemKind } from './evidence.js';
import { judge } from './judge.js';
import { type CallLayout, callLayout } from './localise.js';
import { requestTolerances } from './sensitivity.js';
import type { ComparedWith, Tolerance } from './tolerance.js';
import type { Verdict } from './verdict.js';

export interface Expectation {
  /** The judge's own request; the implementation gets a copy. */
  request: GruRequest;
  expected: GruResponse;
  /** The oracle's result, or PyTorch's recorded one (a golden). */
  comparedWith: ComparedWith;
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
    request,
    expected: recorded ?? result,
    comparedWith: recorded ? 'golden' : 'oracle',
    tolerances: requestTolerances(request, result, recorded ? 'golden' : 'oracle'),
    layout: callLayout(request),
  };
}

/** The verdict on a call's outcome; a failure carries its evidence (the request, the answer, what was expected). */
export function judgeCall(outcome: CallOutcome, e: Expectation): Verdict {
  const v = judge(outcome, e.expected, e.tolerances, e.layout);
  if (v.ok || outcome.kind === 'stopped') return v;
  return { ...v, evidence: callEvidence(outcome, e, v) };
}

function callEvidence(
  outcome: Exclude<CallOutcome, { kind: 'stopped' }>,
  e: Expectation,
  v: Verdict,
): PendingEvidence {
  const answer = outcome.kind === 'result' ? outcome.response : undefined;
  return {
    kind:
      outcome.kind === 'rejected'
        ? 'rejected'
        : outcome.kind === 'failure'
          ? 'call-failed'
          : problemKind([v.problems?.output, v.problems?.h_n]),
    comparedWith: e.comparedWith,
    calls: [{ method: 'forward', request: e.request, answer: answerOf(outcome) }],
    compared: (['output', 'h_n'] as const).map((what) => ({
      what,
      expected: e.expected[what],
      actual: answer?.[what] ?? null,
      allowance: e.tolerances[what],
    })),
  };
}
