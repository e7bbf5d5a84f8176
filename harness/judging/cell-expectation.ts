// What one cell call is judged against (capability `cell`): the expected h' and its allowance, made from the
// judge's own request before the implementation sees a copy of it. The tolerance model is the GRU's, unchanged:
// a valid cell call is one step of a one-layer nn.GRU (gru.cell.step), whose h_n allowance is h''s.
import type { Tensor } from '../../oracle/index.js';
import { cellAsGruRequest, type GruCellRequest } from '../contract/cell-request.js';
import { oracleCellResult, oracleResult } from '../contract/oracle-implementation.js';
import type { CellCallOutcome } from '../contract/safe-cell-call.js';
import { compareTensors } from './compare.js';
import { describeUnits, type Localisation } from './localise.js';
import { requestTolerances } from './sensitivity.js';
import { type ComparedWith, factorFor, type Tolerance, toleranceFor } from './tolerance.js';
import { STOPPED_VERDICT, type Verdict } from './verdict.js';

export interface CellExpectation {
  expected: Tensor;
  tolerance: Tolerance;
}

/** The allowance of h' for a valid cell call, compared with `comparedWith`. */
export function cellTolerance(request: GruCellRequest, comparedWith: ComparedWith): Tolerance {
  let gru: ReturnType<typeof cellAsGruRequest>;
  try {
    gru = cellAsGruRequest(request);
    return requestTolerances(gru, oracleResult(gru), comparedWith).h_n;
  } catch {
    // A size nn.GRU refuses but GRUCell takes (gru.cell.lenient-kwargs: 0): the bare K u (1 + |h'|).
    return toleranceFor(request.dtype, 1, factorFor(request.dtype, comparedWith));
  }
}

/** The oracle's h' for the request, or `recorded` (a golden: PyTorch's h', judged with the golden allowance). */
export function cellExpectationOf(request: GruCellRequest, recorded?: Tensor): CellExpectation {
  const h = oracleCellResult(request).h;
  return { expected: recorded ?? h, tolerance: cellTolerance(request, recorded ? 'golden' : 'oracle') };
}

/** The verdict on a cell call's outcome. */
export function judgeCellCall(outcome: CellCallOutcome, e: CellExpectation): Verdict {
  if (outcome.kind === 'stopped') return STOPPED_VERDICT;
  if (outcome.kind === 'rejected') return { ok: false, message: `rejected a valid call: ${outcome.message}` };
  if (outcome.kind === 'failure') return { ok: false, message: outcome.message };
  const c = compareTensors("h'", outcome.response.h, e.expected, e.tolerance);
  const worst = c.worst
    ? [
        {
          dtype: e.tolerance.dtype,
          ratio: c.worst.ratio,
          error: c.worst.error,
          allowance: c.worst.allowance,
          ...(c.histogram ? { histogram: c.histogram } : {}),
        },
      ]
    : [];
  if (c.ok) return { ok: true, message: 'ok', worst };
  const where = c.off ? cellLocalisation(e.expected, c.off) : null;
  return {
    ok: false,
    message: c.message,
    worst,
    problems: { h_n: c.problem }, // h' is the cell's state: what is wrong with it, in h_n's place
    ...(where ? { localisation: where } : {}),
  };
}

/** Which batch rows and hidden units of h' (N, H) or (H) are off. */
export function cellLocalisation(expected: Tensor, off: Uint8Array): Localisation | null {
  const batched = expected.shape.length === 2;
  const H = expected.shape.at(-1) ?? 0;
  const N = batched ? expected.shape[0] : 1;
  const rows = new Set<number>();
  const units = new Set<number>();
  off.forEach((o, i) => {
    if (!o) return;
    rows.add(Math.floor(i / H));
    units.add(i % H);
  });
  if (rows.size === 0) return null;
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  const [batchRows, hiddenUnits] = [sorted(rows), sorted(units)];
  const parts = ["h' differs"];
  const rowWords = batched ? describeUnits(batchRows, N, 'batch rows') : null;
  if (rowWords) parts.push(rowWords);
  const unitWords = describeUnits(hiddenUnits, H, 'hidden units');
  if (unitWords) parts.push(unitWords);
  parts.push(expected.dtype);
  return {
    summary: parts.join('; '),
    directions: [],
    hNRows: [],
    batchRows,
    hiddenUnits,
    hiddenUnitsAtStart: hiddenUnits,
  };
}
