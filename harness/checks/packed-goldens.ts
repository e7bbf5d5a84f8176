// Every PackedSequence golden replayed through the implementation, in each form it declares: forward goldens by
// value (PyTorch's answer, the golden allowance), error goldens by rejection naming the golden's clause.
import {
  loadPackedGolden,
  loadPackedManifest,
  type PackedGolden,
  type PackedManifestEntry,
  packedGoldenRequest,
  packedGoldenResponse,
  verifyPackedGoldens,
} from '../cases/packed-goldens.js';
import { safeCall } from '../contract/safe-call.js';
import { FORMS, type FormInfo, judgePackedCall } from './packed-forms.js';
import { judgeRejection } from './rejection.js';
import type { Check, CheckContext, CheckResult } from './types.js';

const STOPPED: CheckResult = {
  status: 'skip',
  skipKind: 'stopped',
  cases: 0,
  worst: [],
  skipReason: 'the run stopped before the implementation answered',
};

/** Clauses about padding the output, which the packed form's answer (packed data) does not show. */
const PADDING = new Set(['gru.packed.pad-output', 'gru.packed.pad-total-length']);

/** The golden's clauses a replay in this form evidences. pad-output (to max(lengths)) is never the asked form. */
function clausesIn(info: FormInfo, clauses: string[]): string[] {
  return clauses.filter(
    (c) => c !== 'gru.packed.pad-output' && (info.form === 'sequenceLengths' || !PADDING.has(c)),
  );
}

/** The one error clause an error golden evidences. */
function errorClause(entry: PackedManifestEntry): string {
  const errors = entry.clauses.filter((c) => /^gru\.packed\.err-/.test(c));
  if (errors.length !== 1)
    throw new Error(
      `PackedSequence error golden ${entry.id} cites ${errors.length} error clauses, expected one`,
    );
  return errors[0];
}

async function replayForward(ctx: CheckContext, g: PackedGolden, info: FormInfo): Promise<CheckResult> {
  const request = packedGoldenRequest(g, info.form)!;
  const v = await judgePackedCall(ctx, request, packedGoldenResponse(g, info.form));
  if (v.stopped) return STOPPED;
  if (v.ok) return { status: 'pass', cases: 1, worst: v.worst ?? [] };
  const failure = {
    message: v.message,
    counterexample: { golden: g.id, lengths: g.lengths, enforce_sorted: g.enforceSorted },
    ...(v.localisation ? { localisation: v.localisation } : {}),
    ...(v.grids ? { grids: v.grids } : {}),
  };
  return { status: 'fail', cases: 1, worst: v.worst ?? [], failure };
}

async function replayError(
  ctx: CheckContext,
  g: PackedGolden,
  info: FormInfo,
  clause: string,
): Promise<CheckResult> {
  const o = await safeCall(ctx.impl, packedGoldenRequest(g, info.form)!, ctx.guard);
  const e = g.expected.error!;
  const what = `${g.description} (lengths [${g.lengths}], enforce_sorted=${g.enforceSorted ? 'True' : 'False'}, ${info.label})`;
  const v = judgeRejection(o, { clause, what, pytorch: `${e.type}: ${e.message}` }, ctx.strictClauses);
  if (v.stopped) return STOPPED;
  const warnings = v.warning === undefined ? {} : { warnings: [v.warning] };
  if (v.ok) return { status: 'pass', cases: 1, worst: [], ...warnings };
  const counterexample = { golden: g.id, lengths: g.lengths, hx: g.hx?.shape ?? null };
  const failure = { message: v.message, counterexample, ...(v.kind ? { kind: v.kind } : {}) };
  return { status: 'fail', cases: 1, worst: [], ...warnings, failure };
}

/**
 * One check per golden and form. Packing errors (unsorted lengths, a length of 0) happen before a PackedSequence
 * exists, so only the padded form can carry them. Every file is checked against the manifest now; each is read
 * when its check first runs.
 */
export function packedGoldenChecks(): Check[] {
  const manifest = loadPackedManifest();
  verifyPackedGoldens(manifest);
  const checks: Check[] = [];
  for (const entry of manifest.cases) {
    let golden: PackedGolden | undefined;
    const read = () => {
      golden ??= loadPackedGolden(entry);
      return golden;
    };
    const isError = entry.kind === 'packed-error';
    for (const info of FORMS) {
      const packing = isError && errorClause(entry) !== 'gru.packed.err-hx-batch';
      if (packing && info.form === 'packed') continue;
      checks.push({
        id: `packed.${info.idPart}.${isError ? 'error' : 'golden'}.${entry.id}`,
        family: 'packed',
        clauses: isError ? [errorClause(entry)] : clausesIn(info, entry.clauses),
        title: `PyTorch PackedSequence golden ${entry.id}, ${info.label}`,
        requires: info.requires,
        ...(isError ? {} : { dtype: entry.dtype }),
        run: (ctx) =>
          isError ? replayError(ctx, read(), info, errorClause(entry)) : replayForward(ctx, read(), info),
      });
    }
  }
  return checks;
}
