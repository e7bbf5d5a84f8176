// The backward's metamorphic relations as checks (capability `backward`): the implementation's gradients must
// agree with each other as the chain rule says. The oracle only sizes the allowance (the widest of the requests
// involved, compared as a relation: both sides carry the implementation's rounding).

import { canTrain, gradCaseArb } from '../cases/grad-case.js';
import { type BackwardCall, GRAD_RELATIONS, type GradPair } from '../cases/grad-relations.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import { safeBackwardCall } from '../contract/safe-backward-call.js';
import { describeThrown } from '../contract/safe-call.js';
import { compareTensors } from '../judging/compare.js';
import { gradTolerances, oracleGradients } from '../judging/grad-tolerance.js';
import type { Tolerance } from '../judging/tolerance.js';
import { STOPPED_VERDICT, type Verdict, type WorstSeen } from '../judging/verdict.js';
import { GRAD_REQUIREMENT } from './grad-requirement.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

class CallProblem extends Error {}
class Stopped extends Error {}

/** Per gradient name, the widest allowance among the requests' (its scale and every request's spread). */
export function widestTolerances(requests: GruBackwardRequest[]): Record<string, Tolerance> {
  const all = requests.map((r) => gradTolerances(r, oracleGradients(r), 'relation'));
  const out: Record<string, Tolerance> = {};
  for (const name of Object.keys(all[0])) {
    const mine = all.map((t) => t[name]).filter((t) => t !== undefined);
    const widest = mine.reduce((a, b) => (b.scale > a.scale ? b : a));
    const spreads = mine.map((t) => t.spread).filter((s) => s !== undefined);
    out[name] = {
      ...widest,
      spread: () => {
        const parts = spreads.map((s) => s());
        return parts[0].map((_, i) => parts.reduce((sum, p) => sum + (p[i] ?? 0), 0));
      },
    };
  }
  return out;
}

/** Judges gradient pairs, each with its gradient's allowance. */
export function judgeGradPairs(pairs: GradPair[], tols: Record<string, Tolerance>): Verdict {
  const worst: WorstSeen[] = [];
  for (const p of pairs) {
    const tol = tols[p.name];
    if (tol === undefined) return { ok: false, message: `${p.what}: the request has no gradient ${p.name}` };
    const c = compareTensors(p.what, p.actual, p.expected, tol);
    if (c.worst) {
      const { ratio, error, allowance } = c.worst;
      worst.push({ dtype: tol.dtype, ratio, error, allowance });
    }
    if (!c.ok) return { ok: false, message: c.message, worst };
  }
  return { ok: true, message: 'ok', worst };
}

export const GRAD_RELATION_CHECKS: Check[] = GRAD_RELATIONS.map((relation) => {
  const id = `grad.relation.${relation.slug}`;
  return {
    id,
    family: 'grad',
    clauses: [relation.clause],
    title: relation.title,
    requires: GRAD_REQUIREMENT,
    runShare: 1 / 4,
    run: (ctx) =>
      runProperty(
        id,
        gradCaseArb({ dtypes: ctx.dtypes }, canTrain(ctx.impl)).map(relation.fit),
        ctx,
        async (c) => {
          // The allowance comes from the judge's own requests, before any call.
          const tols = widestTolerances(relation.requests(c));
          const backward: BackwardCall = async (r) => {
            const o = await safeBackwardCall(ctx.impl, r, ctx.guard);
            if (o.kind === 'result') return o.response.gradients;
            if (o.kind === 'stopped') throw new Stopped();
            throw new CallProblem(o.kind === 'rejected' ? `rejected a valid call: ${o.message}` : o.message);
          };
          let pairs: GradPair[];
          try {
            pairs = await relation.run(c, backward);
          } catch (e) {
            if (e instanceof Stopped) return STOPPED_VERDICT;
            return {
              ok: false,
              message:
                e instanceof CallProblem ? e.message : `gradients could not be related: ${describeThrown(e)}`,
            };
          }
          return judgeGradPairs(pairs, tols);
        },
      ),
  };
});
