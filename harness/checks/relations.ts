// The metamorphic relations as checks: the implementation must agree with itself, no oracle involved.
import { caseRequest, gruCaseArb } from '../arbitraries/gru-case.js';
import { RELATIONS } from '../relations.js';
import type { GruResponse } from '../request.js';
import { conditioningScale, TOLERANCE_FACTOR, toleranceFor } from '../tolerance.js';
import { safeCall } from './call.js';
import { judgePairs } from './oracle-compare.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

class CallProblem extends Error {}

export const RELATION_CHECKS: Check[] = RELATIONS.map((relation) => {
  const id = `relation.${relation.clause.slice('gru.'.length)}`;
  return {
    id,
    family: 'relation',
    clauses: [relation.clause],
    title: relation.title,
    run: (ctx) =>
      runProperty(
        id,
        gruCaseArb({ dtypes: ctx.dtypes, longSteps: 0 }).map(relation.fit),
        ctx,
        Math.max(1, Math.ceil(ctx.runs / 2)),
        async (c) => {
          const call = async (r: Parameters<typeof ctx.impl.forward>[0]): Promise<GruResponse> => {
            const o = await safeCall(ctx.impl, r);
            if (o.kind === 'result') return o.response;
            throw new CallProblem(o.kind === 'rejected' ? `rejected a valid call: ${o.message}` : o.message);
          };
          let pairs: Awaited<ReturnType<typeof relation.run>>;
          try {
            pairs = await relation.run(c, call);
          } catch (e) {
            return {
              ok: false,
              message:
                e instanceof CallProblem
                  ? e.message
                  : `results could not be related: ${(e as Error).message}`,
            };
          }
          // Both sides carry the implementation's rounding, so the allowance is doubled.
          const r = caseRequest(c);
          const tol = toleranceFor(
            c.dtype,
            conditioningScale(r.kwargs, r.parameters, r.input, r.hx),
            2 * TOLERANCE_FACTOR[c.dtype],
          );
          return judgePairs(pairs, tol);
        },
      ),
  };
});
