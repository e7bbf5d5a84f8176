// Which diagnosis explains which failures of a run: nn.GRU's value failures get the GRU's, the cell family's
// value failures the cell's (harness/diagnosis/diagnose-cell.ts), the grad family's the backward's
// (harness/diagnosis/diagnose-grad.ts). Rejections of invalid calls get none.
import type { DType } from '../../oracle/index.js';
import type { CheckOutcome } from '../checks/types.js';
import type { Implementation } from '../contract/implementation.js';
import type { RunGuard } from '../run-guard.js';
import { describeDiagnosis, diagnose } from './diagnose.js';
import { describeCellDiagnosis, diagnoseCell } from './diagnose-cell.js';
import { describeGradDiagnosis, diagnoseGrad } from './diagnose-grad.js';

/** A failure of wrong values (or of a valid call refused), as opposed to an invalid call judged. */
export function isValueFailure(o: CheckOutcome): boolean {
  if (o.status !== 'fail' || o.family === 'error' || o.family === 'init') return false;
  // the cell family judges its invalid calls too: those failures have a kind (accepted-invalid, wrong-clause, ...)
  return (o.family !== 'cell' && o.family !== 'grad') || o.failure?.kind === undefined;
}

export interface FailureDiagnoses {
  /** The sentence for the whole run (empty when there is nothing to diagnose). */
  text: string;
  /** The sentence for one value failure. */
  of(o: CheckOutcome): string | undefined;
}

/** Runs the diagnoses the run's value failures call for: nn.GRU's, the cell's, the backward's, or several. */
export async function diagnoseFailures(
  impl: Implementation,
  outcomes: CheckOutcome[],
  dtypes: DType[],
  guard?: RunGuard,
): Promise<FailureDiagnoses> {
  const failures = outcomes.filter(isValueFailure);
  const gru = failures.some((o) => o.family !== 'cell' && o.family !== 'grad')
    ? describeDiagnosis(await diagnose(impl, dtypes, guard))
    : undefined;
  const cell = failures.some((o) => o.family === 'cell')
    ? describeCellDiagnosis(await diagnoseCell(impl, dtypes, guard))
    : undefined;
  const grad = failures.some((o) => o.family === 'grad')
    ? describeGradDiagnosis(await diagnoseGrad(impl, dtypes, guard))
    : undefined;
  const of = (o: CheckOutcome) => (o.family === 'cell' ? cell : o.family === 'grad' ? grad : gru);
  return {
    text: [gru, cell, grad].filter((t) => t !== undefined).join('; '),
    of: (o) => (isValueFailure(o) ? of(o) : undefined),
  };
}
