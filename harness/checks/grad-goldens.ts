// Every gradient golden (golden/grad/) replayed through the implementation's backward (capability `backward`):
// gradient goldens by value against torch's recorded gradients (the golden allowance), error goldens by rejection
// with their clause. Training-mode goldens need trainMasks too.

import { canTrain } from '../cases/grad-case.js';
import {
  type GradGolden,
  type GradManifestEntry,
  gradGoldenRequest,
  loadGradGolden,
  loadGradManifest,
  verifyGradGoldens,
} from '../cases/grad-goldens.js';
import { safeBackwardCall } from '../contract/safe-backward-call.js';
import { type GradExpectation, gradExpectationOf, judgeBackwardCall } from '../judging/grad-expectation.js';
import { GRAD_REQUIREMENT } from './grad-requirement.js';
import { judgeRejection } from './rejection.js';
import type { Check, CheckContext, CheckResult } from './types.js';

const STOPPED: CheckResult = {
  status: 'skip',
  skipKind: 'stopped',
  cases: 0,
  worst: [],
  skipReason: 'the run stopped before the implementation answered',
};

async function replayGradients(ctx: CheckContext, g: GradGolden, e: GradExpectation): Promise<CheckResult> {
  const v = judgeBackwardCall(await safeBackwardCall(ctx.impl, gradGoldenRequest(g), ctx.guard), e);
  if (v.stopped) return STOPPED;
  if (v.ok) return { status: 'pass', cases: 1, worst: v.worst ?? [] };
  return {
    status: 'fail',
    cases: 1,
    worst: v.worst ?? [],
    failure: { message: v.message, counterexample: { golden: g.id } },
  };
}

async function replayError(ctx: CheckContext, g: GradGolden, clause: string): Promise<CheckResult> {
  const o = await safeBackwardCall(ctx.impl, gradGoldenRequest(g), ctx.guard);
  const e = g.expected.error!;
  const outcome = o.kind === 'result' ? { kind: 'result' as const } : o;
  const v = judgeRejection(
    outcome,
    { clause, what: g.description, pytorch: `${e.type}: ${e.message}` },
    ctx.strictClauses,
  );
  if (v.stopped) return STOPPED;
  const warnings = v.warning === undefined ? {} : { warnings: [v.warning] };
  if (v.ok) return { status: 'pass', cases: 1, worst: [], ...warnings };
  const failure = {
    message: v.message,
    counterexample: { golden: g.id },
    ...(v.kind ? { kind: v.kind } : {}),
  };
  return { status: 'fail', cases: 1, worst: [], ...warnings, failure };
}

/** The one error clause an error golden evidences. */
function errorClause(entry: GradManifestEntry): string {
  const errors = entry.clauses.filter((c) => /^gru\.grad\.err-/.test(c));
  if (errors.length !== 1)
    throw new Error(`gradient error golden ${entry.id} cites ${errors.length} error clauses, expected one`);
  return errors[0];
}

/** grad.golden.<case> for gradient goldens, grad.error.<case> for error goldens. */
const checkId = (entry: GradManifestEntry): string =>
  entry.kind === 'grad-error'
    ? `grad.error.${entry.id.replace(/^grad-err-/, '')}`
    : `grad.golden.${entry.id.replace(/^grad-/, '')}`;

/** One check per gradient golden, each file checked against the manifest now and read when its check first runs. */
export function gradGoldenChecks(): Check[] {
  const manifest = loadGradManifest();
  verifyGradGoldens(manifest);
  return manifest.cases.map((entry): Check => {
    let golden: GradGolden | undefined;
    let expectation: GradExpectation | undefined; // made on first use, shared by every implementation
    const read = () => {
      golden ??= loadGradGolden(entry);
      return golden;
    };
    const isError = entry.kind === 'grad-error';
    return {
      id: checkId(entry),
      family: 'grad',
      clauses: entry.clauses.filter((c) => c.startsWith('gru.grad.')),
      title: `PyTorch autograd golden ${entry.id}`,
      requires: GRAD_REQUIREMENT,
      ...(isError ? {} : { dtype: entry.dtype }),
      async run(ctx) {
        const g = read();
        if (g.mode === 'train' && !canTrain(ctx.impl))
          return {
            status: 'skip',
            skipKind: 'capability',
            cases: 0,
            worst: [],
            skipReason: 'a training-mode gradient golden needs the trainMasks capability too',
          };
        if (isError) return replayError(ctx, g, errorClause(entry));
        expectation ??= gradExpectationOf(gradGoldenRequest(g), g.expected.gradients);
        return replayGradients(ctx, g, expectation);
      },
    };
  });
}
