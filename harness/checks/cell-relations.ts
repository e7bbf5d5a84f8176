// The cell's metamorphic relations as checks (capability `cell`): the implementation must agree with itself.
import type { Tensor } from '../../oracle/index.js';
import { cellCaseArb, cellCaseRequest } from '../cases/cell-case.js';
import { CELL_RELATIONS } from '../cases/cell-relations.js';
import type { Pair } from '../cases/metamorphic-relations.js';
import type { GruCellRequest } from '../contract/cell-request.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { type CallOutcome, describeThrown, safeCall } from '../contract/safe-call.js';
import { safeCellCall } from '../contract/safe-cell-call.js';
import { cellTolerance } from '../judging/cell-expectation.js';
import { judgePairs } from '../judging/judge.js';
import { STOPPED_VERDICT } from '../judging/verdict.js';
import { CELL_REQUIREMENT } from './cell-requirement.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

class CallProblem extends Error {}
class Stopped extends Error {}

/** What an outcome is as a relation reads it: the answer, or the problem that ends the case. */
function answer<T>(o: { kind: 'result'; response: T } | Exclude<CallOutcome, { kind: 'result' }>): T {
  switch (o.kind) {
    case 'result':
      return o.response;
    case 'stopped':
      throw new Stopped();
    case 'rejected':
      throw new CallProblem(`rejected a valid call: ${o.message}`);
    default:
      throw new CallProblem(o.message);
  }
}

export const CELL_RELATION_CHECKS: Check[] = CELL_RELATIONS.map((relation) => {
  const id = `cell.relation.${relation.slug}`;
  return {
    id,
    family: 'cell',
    clauses: [relation.clause],
    title: relation.title,
    requires: CELL_REQUIREMENT,
    runShare: 1 / 2,
    run: (ctx) =>
      runProperty(id, cellCaseArb(ctx.dtypes).map(relation.fit), ctx, async (c) => {
        // The allowance comes from the judge's own request, before any call; both sides carry the
        // implementation's rounding.
        const tol = cellTolerance(cellCaseRequest(c), 'relation');
        const cell = async (r: GruCellRequest): Promise<Tensor> =>
          answer(await safeCellCall(ctx.impl, r, ctx.guard)).h;
        const gru = async (r: GruRequest): Promise<GruResponse> =>
          answer(await safeCall(ctx.impl, r, ctx.guard));
        let pairs: Pair[];
        try {
          pairs = await relation.run(c, cell, gru);
        } catch (e) {
          if (e instanceof Stopped) return STOPPED_VERDICT;
          return {
            ok: false,
            message:
              e instanceof CallProblem ? e.message : `results could not be related: ${describeThrown(e)}`,
          };
        }
        return judgePairs(pairs, tol);
      }),
  };
});
