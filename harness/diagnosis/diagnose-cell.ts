// The cell's diagnosis (capability `cell`): run the implementation's cell on fixed probes and name the known
// variant whose results it reproduces. A variant's cell is one step of the variant GRU (gru.cell.step), so the
// registry of harness/variants/ serves the cell unchanged; only the variants of one step can match.
import type { DType, Tensor } from '../../oracle/index.js';
import { cellCaseRequest, SMALL_CELL } from '../cases/cell-case.js';
import { cellAsGruRequest, type GruCellRequest } from '../contract/cell-request.js';
import type { Implementation } from '../contract/implementation.js';
import { oracleCellResult } from '../contract/oracle-implementation.js';
import { safeCellCall } from '../contract/safe-cell-call.js';
import { cellTolerance } from '../judging/cell-expectation.js';
import { compareTensors } from '../judging/compare.js';
import type { RunGuard } from '../run-guard.js';
import { candidateVariants, type Variant } from '../variants/registry.js';
import { variantForward } from '../variants/variant-gru.js';
import type { Diagnosis } from './diagnose.js';

/** Probes in which every variant of one step changes h': biases, hx, several rows, and inputs of 1e4, at which
 * tanh computed from exponentials overflows. */
function probes(dtype: DType): GruCellRequest[] {
  const base = { ...SMALL_CELL, dtype, inputScale: 1.5, paramScale: 1.5, seed: 2026 };
  return [
    base,
    { ...base, hidden_size: 5, input_size: 2, seed: 7 },
    { ...base, hxGiven: false, seed: 13 },
    { ...base, inputScale: 1e4, seed: 17 },
  ].map(cellCaseRequest);
}

function matches(h: Tensor, expected: Tensor, r: GruCellRequest): boolean {
  return compareTensors("h'", h, expected, cellTolerance(r, 'diagnosis')).ok;
}

/** The variant GRU's h_n of the one-step call, in the cell's shape; a variant that cannot run it matches nothing. */
function matchesVariant(v: Variant, h: Tensor, r: GruCellRequest): boolean {
  try {
    const hN = variantForward(v.switches, cellAsGruRequest(r)).h_n;
    return matches(h, { ...hN, shape: [...r.input.shape.slice(0, -1), hN.shape.at(-1)!] }, r);
  } catch {
    return false;
  }
}

export async function diagnoseCell(
  impl: Implementation,
  dtypes: DType[],
  guard?: RunGuard,
): Promise<Diagnosis> {
  // the cell family judges float32 and float64 only (FULL_PRECISION_FAMILY_DTYPES): its probes run in one of them
  const dtype = (['float64', 'float32'] as const).find((d) => dtypes.includes(d)) ?? dtypes[0];
  const answered: [GruCellRequest, Tensor][] = [];
  for (const r of probes(dtype)) {
    const o = await safeCellCall(impl, r, guard);
    if (o.kind === 'result') answered.push([r, o.response.h]);
  }
  const matchesOracle = answered.every(([r, h]) => matches(h, oracleCellResult(r).h, r));
  const found: Variant[] = [];
  if (!matchesOracle && answered.length > 0) {
    for (const v of candidateVariants()) {
      if (found.length > 0 && v.id.includes('+')) break;
      if (answered.every(([r, h]) => matchesVariant(v, h, r))) found.push(v);
    }
  }
  return { matches: found, answered: answered.length, matchesOracle };
}

/** One sentence for reports. */
export function describeCellDiagnosis(d: Diagnosis): string {
  if (d.answered === 0)
    return 'nn.GRUCell: no diagnosis: the implementation answered none of the diagnostic probes';
  if (d.matchesOracle)
    return `nn.GRUCell matches on all ${d.answered} diagnostic probes; the failure is specific to the failing case`;
  if (d.matches.length === 0)
    return `nn.GRUCell computes none of the known variants (on ${d.answered} diagnostic probes)`;
  return `nn.GRUCell computes the ${d.matches.map((v) => `${v.id} variant: ${v.label}`).join(', or the ')}`;
}
