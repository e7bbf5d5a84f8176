// Every nn.GRUCell golden (golden/cell/) replayed through the implementation's cell (capability `cell`):
// forward goldens by value, error goldens by rejection with their clause.
import {
  type CellGolden,
  type CellManifestEntry,
  cellGoldenRequest,
  loadCellGolden,
  loadCellManifest,
  verifyCellGoldens,
} from '../cases/cell-goldens.js';
import { safeCellCall } from '../contract/safe-cell-call.js';
import { type CellExpectation, cellExpectationOf, judgeCellCall } from '../judging/cell-expectation.js';
import type { TensorProblem } from '../judging/compare.js';
import { CELL_REQUIREMENT, cellClauses } from './cell-requirement.js';
import { judgeRejection } from './rejection.js';
import type { Check, CheckContext, CheckResult } from './types.js';

const STOPPED: CheckResult = {
  status: 'skip',
  skipKind: 'stopped',
  cases: 0,
  worst: [],
  skipReason: 'the run stopped before the implementation answered',
};

/**
 * The cited clauses a wrong h' evidences: its shape the shapes, its dtype the dtype, its values the rest (the
 * parameter names come from the golden itself, so a mix-up of them shows as wrong values). Never empty.
 */
function blameOf(cited: string[], problem: TensorProblem | undefined): string[] {
  if (problem === undefined) return cited;
  const layout = new Set(['gru.cell.shapes', 'gru.cell.dtype', 'gru.cell.param-names']);
  const blamed =
    problem === 'shape'
      ? cited.filter((c) => c === 'gru.cell.shapes')
      : problem === 'dtype'
        ? cited.filter((c) => c === 'gru.cell.dtype')
        : cited.filter((c) => !layout.has(c));
  return blamed.length > 0 ? blamed : cited;
}

async function replayForward(
  ctx: CheckContext,
  g: CellGolden,
  expectation: CellExpectation,
  clauses: string[],
): Promise<CheckResult> {
  const v = judgeCellCall(await safeCellCall(ctx.impl, cellGoldenRequest(g), ctx.guard), expectation);
  if (v.stopped) return STOPPED;
  if (v.ok) return { status: 'pass', cases: 1, worst: v.worst ?? [] };
  return {
    status: 'fail',
    cases: 1,
    worst: v.worst ?? [],
    failure: {
      message: v.message,
      counterexample: { golden: g.id },
      blame: blameOf(clauses, v.problems?.h_n),
      ...(v.localisation ? { localisation: v.localisation } : {}),
    },
  };
}

async function replayError(ctx: CheckContext, g: CellGolden, clause: string): Promise<CheckResult> {
  const request = cellGoldenRequest(g);
  const o = await safeCellCall(ctx.impl, request, ctx.guard);
  const e = g.expected.error!;
  const v = judgeRejection(
    o,
    { clause, what: g.description, pytorch: `${e.type}: ${e.message}` },
    ctx.strictClauses,
  );
  if (v.stopped) return STOPPED;
  const warnings = v.warning === undefined ? {} : { warnings: [v.warning] };
  if (v.ok) return { status: 'pass', cases: 1, worst: [], ...warnings };
  const counterexample = {
    golden: g.id,
    kwargs: g.kwargs,
    input: `${request.input.dtype} [${request.input.shape}]`,
    hx: g.hx ? `${g.hx.dtype} [${g.hx.shape}]` : null,
  };
  const failure = { message: v.message, counterexample, ...(v.kind ? { kind: v.kind } : {}) };
  return { status: 'fail', cases: 1, worst: [], ...warnings, failure };
}

/** The one error clause an error golden evidences (the generator records exactly one). */
function errorClause(entry: CellManifestEntry): string {
  const errors = entry.clauses.filter((c) => /^gru\.cell\.err-/.test(c));
  if (errors.length !== 1)
    throw new Error(
      `cell error golden ${entry.id} cites ${errors.length} error clauses of the cell, expected one`,
    );
  return errors[0];
}

/** The check's id: cell.golden.<case> for forward goldens, cell.error.<case> for error goldens. */
const checkId = (entry: CellManifestEntry): string =>
  entry.kind === 'cell-error'
    ? `cell.error.${entry.id.replace(/^cell-err-/, '')}`
    : `cell.golden.${entry.id.replace(/^cell-/, '')}`;

/** One check per cell golden, each file checked against the manifest now and read when its check first runs. */
export function cellGoldenChecks(): Check[] {
  const manifest = loadCellManifest();
  verifyCellGoldens(manifest);
  return manifest.cases.map((entry): Check => {
    let golden: CellGolden | undefined;
    let expectation: CellExpectation | undefined; // made on first use, shared by every implementation
    const read = () => {
      golden ??= loadCellGolden(entry);
      return golden;
    };
    const isError = entry.kind === 'cell-error';
    const clauses = cellClauses(entry.clauses);
    return {
      id: checkId(entry),
      family: 'cell',
      clauses,
      title: `PyTorch nn.GRUCell golden ${entry.id}`,
      requires: CELL_REQUIREMENT,
      ...(isError ? {} : { dtype: entry.dtype }),
      async run(ctx) {
        const g = read();
        if (isError) return replayError(ctx, g, errorClause(entry));
        expectation ??= cellExpectationOf(cellGoldenRequest(g), g.expected.h);
        return replayForward(ctx, g, expectation, clauses);
      },
    };
  });
}
