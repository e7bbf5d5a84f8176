// nn.GRUCell against the oracle on generated calls (capability `cell`), one property per area of the cell's
// contract, judged by the GRU's tolerance model.
import { type CellCase, cellCaseArb, cellCaseRequest } from '../cases/cell-case.js';
import { safeCellCall } from '../contract/safe-cell-call.js';
import { cellExpectationOf, judgeCellCall } from '../judging/cell-expectation.js';
import type { Verdict } from '../judging/verdict.js';
import { CELL_REQUIREMENT } from './cell-requirement.js';
import { runProperty } from './property.js';
import type { Check, CheckContext } from './types.js';

interface CellArea {
  id: string;
  clauses: string[];
  title: string;
  fit: (c: CellCase) => CellCase;
}

const AREAS: CellArea[] = [
  {
    id: 'cell.numeric.step',
    clauses: ['gru.cell.step', 'gru.cell.param-names'],
    title: 'a batched step with hx and biases (r|z|n gate blocks) matches the oracle',
    fit: (c) => ({ ...c, batched: true, batch: Math.max(c.batch, 1), hxGiven: true, bias: true }),
  },
  {
    id: 'cell.numeric.no-bias',
    clauses: ['gru.cell.param-names', 'gru.cell.step'],
    title: 'bias=False (weight_ih and weight_hh only) matches the oracle',
    fit: (c) => ({ ...c, bias: false }),
  },
  {
    id: 'cell.numeric.default-bias',
    clauses: ['gru.cell.signature'],
    title: 'GRUCell(input_size, hidden_size) with bias omitted has biases (the default True)',
    fit: (c) => ({ ...c, bias: true, omitBias: true }),
  },
  {
    id: 'cell.numeric.hx-omitted',
    clauses: ['gru.cell.hx-zeros'],
    title: 'a call without hx matches the oracle (hx defaults to zeros)',
    fit: (c) => ({ ...c, hxGiven: false }),
  },
  {
    id: 'cell.numeric.unbatched',
    clauses: ['gru.cell.shapes'],
    title: "a 1-D input (input_size) gives h' of shape (hidden_size)",
    fit: (c) => ({ ...c, batched: false }),
  },
  {
    id: 'cell.numeric.batch-one',
    clauses: ['gru.cell.shapes'],
    title: "a batch of one gives h' of shape (1, hidden_size), never squeezed",
    fit: (c) => ({ ...c, batched: true, batch: 1 }),
  },
  {
    id: 'cell.numeric.batch-zero',
    clauses: ['gru.cell.shapes'],
    title: "a batch of 0 gives an empty h' of shape (0, hidden_size)",
    fit: (c) => ({ ...c, batched: true, batch: 0 }),
  },
  {
    id: 'cell.numeric.size-zero',
    clauses: ['gru.cell.lenient-kwargs', 'gru.cell.shapes'],
    title:
      "input_size 0, hidden_size 0 or both are accepted (GRUCell does not check them): h' of shape (N, hidden_size)",
    fit: (c) => ({
      ...c,
      input_size: c.seed % 3 === 1 ? c.input_size : 0,
      hidden_size: c.seed % 3 === 0 ? c.hidden_size : 0,
    }),
  },
  {
    id: 'cell.numeric.saturation',
    clauses: ['gru.cell.step'],
    title: 'inputs of magnitude 1e3 to 1e8 saturate the gates without NaN',
    fit: (c) => ({ ...c, inputScale: c.inputScale >= 1e3 ? c.inputScale : 1e4 }),
  },
  {
    id: 'cell.numeric.general',
    clauses: ['gru.cell.step', 'gru.cell.shapes', 'gru.cell.dtype', 'gru.cell.hx-zeros'],
    title: 'any cell call, size and magnitude matches the oracle within the tolerance model',
    fit: (c) => c,
  },
];

/** Compares the implementation's cell with the oracle on one generated case (the judge's request first). */
export async function cellAgainstOracle(ctx: CheckContext, c: CellCase): Promise<Verdict> {
  const request = cellCaseRequest(c);
  const expectation = cellExpectationOf(request);
  return judgeCellCall(await safeCellCall(ctx.impl, request, ctx.guard), expectation);
}

export const CELL_NUMERIC_CHECKS: Check[] = AREAS.map((area) => ({
  id: area.id,
  family: 'cell',
  clauses: area.clauses,
  title: area.title,
  requires: CELL_REQUIREMENT,
  run: (ctx) =>
    runProperty(area.id, cellCaseArb(ctx.dtypes).map(area.fit), ctx, (c) => cellAgainstOracle(ctx, c)),
}));
