// The metamorphic relations as checks: the implementation must agree with itself, no oracle involved.
import { caseRequest, gruCaseArb } from '../cases/gru-case.js';
import { RELATIONS } from '../cases/metamorphic-relations.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { describeThrown, safeCall } from '../contract/safe-call.js';
import { answerOf, type CallRecord } from '../judging/evidence.js';
import { judgePairs } from '../judging/judge.js';
import { scaleTolerance } from '../judging/tolerance.js';
import { STOPPED_VERDICT } from '../judging/verdict.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

class CallProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'rejected' | 'call-failed',
  ) {
    super(message);
  }
}
class Stopped extends Error {}

export const RELATION_CHECKS: Check[] = RELATIONS.map((relation) => {
  const id = `relation.${relation.clause.slice('gru.'.length)}`;
  return {
    id,
    family: 'relation',
    clauses: [relation.clause],
    title: relation.title,
    runShare: 1 / 2,
    run: (ctx) =>
      runProperty(id, gruCaseArb({ dtypes: ctx.dtypes, longSteps: 0 }).map(relation.fit), ctx, async (c) => {
        // The allowance comes from the judge's own request, before any call; both sides of a relation carry
        // the implementation's rounding.
        const tol = scaleTolerance(caseRequest(c), 'relation');
        // Every call and its answer, for a failure's evidence.
        const calls: CallRecord[] = [];
        const call = async (request: GruRequest): Promise<GruResponse> => {
          const o = await safeCall(ctx.impl, request, ctx.guard);
          if (o.kind === 'stopped') throw new Stopped();
          calls.push({ method: 'forward', request, answer: answerOf(o) });
          if (o.kind === 'result') return o.response;
          if (o.kind === 'rejected') throw new CallProblem(`rejected a valid call: ${o.message}`, 'rejected');
          throw new CallProblem(o.message, 'call-failed');
        };
        let pairs: Awaited<ReturnType<typeof relation.run>>;
        try {
          pairs = await relation.run(c, call);
        } catch (e) {
          if (e instanceof Stopped) return STOPPED_VERDICT;
          const problem = e instanceof CallProblem;
          return {
            ok: false,
            message: problem ? e.message : `results could not be related: ${describeThrown(e)}`,
            evidence: { kind: problem ? e.kind : 'unrelatable', calls, compared: [] },
          };
        }
        const v = judgePairs(pairs, tol);
        return v.evidence ? { ...v, evidence: { ...v.evidence, calls } } : v;
      }),
  };
});
