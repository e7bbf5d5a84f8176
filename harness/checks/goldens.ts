// Every PyTorch golden replayed through the implementation: forward goldens by value, error goldens by rejection.

import { type Golden, goldenRequest, loadGolden, loadManifest, verifyGoldens } from '../cases/goldens.js';
import type { GruRequest } from '../contract/request.js';
import { safeCall } from '../contract/safe-call.js';
import { type Expectation, expectationOf, judgeCall } from '../judging/expectation.js';
import { evidenceField } from './evidence-field.js';
import { clausesOfProblems } from './golden-blame.js';
import { judgeRejection } from './rejection.js';
import type { Check, CheckContext, CheckResult, Requirement } from './types.js';

const STOPPED: CheckResult = {
  status: 'skip',
  skipKind: 'stopped',
  cases: 0,
  worst: [],
  skipReason: 'the run stopped before the implementation answered',
};

/** What a forward replay judges against; it does not depend on the implementation, so it is made once. */
interface ReplayPlan {
  request: GruRequest;
  expectation: Expectation;
}

/** The recorded value carries PyTorch's own rounding, so the allowance is the golden one (doubled). */
function replayPlan(g: Golden): ReplayPlan {
  const request = goldenRequest(g);
  return {
    request,
    expectation: expectationOf(request, { output: g.expected.output!, h_n: g.expected.h_n! }),
  };
}

/** Replays one forward golden; a failure blames the cited clauses (`clauses`) that the wrong tensors bear on. */
async function replayForward(
  ctx: CheckContext,
  g: Golden,
  plan: ReplayPlan,
  clauses: string[],
): Promise<CheckResult> {
  const v = judgeCall(await safeCall(ctx.impl, plan.request, ctx.guard), plan.expectation);
  if (v.stopped) return STOPPED;
  return v.ok
    ? { status: 'pass' as const, cases: 1, worst: v.worst ?? [] }
    : {
        status: 'fail' as const,
        cases: 1,
        worst: v.worst ?? [],
        failure: {
          message: v.message,
          counterexample: { golden: g.id },
          blame: clausesOfProblems(clauses, v.problems),
          ...(v.localisation ? { localisation: v.localisation } : {}),
          ...(v.grids ? { grids: v.grids } : {}),
          ...evidenceField(ctx, v.evidence),
        },
      };
}

/** Replays one error golden: the call must be rejected, naming the golden's error clause. */
export async function replayError(ctx: CheckContext, g: Golden, clause: string): Promise<CheckResult> {
  const request = goldenRequest(g);
  const o = await safeCall(ctx.impl, request, ctx.guard);
  const e = g.expected.error!;
  const v = judgeRejection(
    o,
    { clause, what: g.description, pytorch: `${e.type}: ${e.message}`, request },
    ctx.strictClauses,
  );
  if (v.stopped) return STOPPED;
  const warnings = v.warning === undefined ? {} : { warnings: [v.warning] };
  if (v.ok) return { status: 'pass' as const, cases: 1, worst: [], ...warnings };
  const counterexample = { golden: g.id, kwargs: g.kwargs, input: g.input.shape, hx: g.hx?.shape ?? null };
  const failure = {
    message: v.message,
    counterexample,
    ...(v.kind ? { kind: v.kind } : {}),
    ...evidenceField(ctx, v.evidence),
  };
  return { status: 'fail' as const, cases: 1, worst: [], ...warnings, failure };
}

/** The one error clause an error golden evidences (the generator records exactly one). */
function errorClause(clauses: string[], id: string): string {
  const errors = clauses.filter((c) => c.startsWith('gru.err.'));
  if (errors.length !== 1)
    throw new Error(`error golden ${id} cites ${errors.length} gru.err.* clauses, expected exactly one`);
  return errors[0];
}

/**
 * Clauses a golden evidences about PyTorch but a replay cannot check in an implementation: the parameters
 * come from the golden (not the implementation's init), and the protocol carries no warnings.
 */
const NOT_EVIDENCED_BY_REPLAY = new Set(['gru.init.uniform', 'gru.warn.dropout-single-layer']);

const TRAIN_MASKS: Requirement = {
  capability: 'trainMasks',
  reason: 'train-mode goldens need the trainMasks capability',
};

/**
 * One check per golden; train-mode goldens run only for implementations that take explicit dropout masks, and
 * forward goldens only when their dtype is checked. Every file is checked against the manifest now; each is read
 * and decoded when its check first runs (or when the runner asks what it requires).
 */
export function goldenChecks(): Check[] {
  const checks: Check[] = [];
  const manifest = loadManifest();
  verifyGoldens(manifest);
  for (const entry of manifest.cases) {
    let golden: Golden | undefined;
    const read = () => {
      golden ??= loadGolden(entry);
      return golden;
    };
    const isError = entry.kind === 'error';
    const clauses = entry.clauses.filter((id) => !NOT_EVIDENCED_BY_REPLAY.has(id));
    let plan: ReplayPlan | undefined; // made on first use, then shared by every implementation this check runs
    checks.push({
      id: `${isError ? 'error' : 'golden'}.${entry.id}`,
      family: isError ? 'error' : 'golden',
      clauses,
      title: `PyTorch golden ${entry.id}`,
      requires: () => (read().mode === 'train' ? TRAIN_MASKS : undefined),
      ...(isError ? {} : { dtype: entry.dtype }),
      async run(ctx) {
        const g = read();
        if (isError) return replayError(ctx, g, errorClause(entry.clauses, entry.id));
        plan ??= replayPlan(g);
        return replayForward(ctx, g, plan, clauses);
      },
    });
  }
  return checks;
}
