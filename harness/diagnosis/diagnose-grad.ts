// The backward's diagnosis (capability `backward`): run the implementation's backward on fixed probes and name the
// known backward variant (harness/variants/variant-backward.ts) whose gradients it reproduces.
import type { DType, Tensor } from '../../oracle/index.js';
import { gradRequest, SMALL_GRAD_CASE } from '../cases/grad-case.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import { hasCapability, type Implementation } from '../contract/implementation.js';
import { safeBackwardCall } from '../contract/safe-backward-call.js';
import { judgeGradients } from '../judging/grad-expectation.js';
import { gradTolerances, oracleGradients } from '../judging/grad-tolerance.js';
import type { RunGuard } from '../run-guard.js';
import { BACKWARD_VARIANTS, variantBackward } from '../variants/variant-backward.js';

export interface GradDiagnosis {
  matches: { id: string; label: string }[];
  answered: number;
  matchesOracle: boolean;
}

/** Probes on which every backward variant changes some gradient: two bidirectional layers, 5 steps, a batch of 3,
 * hx and both upstreams; and the same in training mode for an implementation that takes masks. */
function probes(dtype: DType, train: boolean): GruBackwardRequest[] {
  const base = { ...SMALL_GRAD_CASE, dtype, num_layers: 2, bidirectional: true, batch: 3, seed: 2026 };
  const cases = [base, { ...base, num_layers: 1, hidden_size: 5, input_size: 2, seed: 7 }];
  if (train) cases.push({ ...base, dropout: 0.5, train: true, seed: 13 });
  return cases.map(gradRequest);
}

const agree = (r: GruBackwardRequest, got: Record<string, Tensor>, want: Record<string, Tensor>) =>
  judgeGradients(got, want, gradTolerances(r, oracleGradients(r), 'diagnosis')).ok;

export async function diagnoseGrad(
  impl: Implementation,
  dtypes: DType[],
  guard?: RunGuard,
): Promise<GradDiagnosis> {
  const dtype = dtypes.includes('float64') ? 'float64' : dtypes[0];
  const answered: [GruBackwardRequest, Record<string, Tensor>][] = [];
  for (const r of probes(dtype, hasCapability(impl, 'trainMasks'))) {
    const o = await safeBackwardCall(impl, r, guard);
    if (o.kind === 'result') answered.push([r, o.response.gradients]);
  }
  const matchesOracle = answered.every(([r, g]) => agree(r, g, oracleGradients(r)));
  const matches: GradDiagnosis['matches'] = [];
  if (!matchesOracle && answered.length > 0) {
    for (const v of BACKWARD_VARIANTS) {
      if (answered.every(([r, g]) => agree(r, g, variantBackward(v.switches, r)))) matches.push(v);
    }
  }
  return { matches, answered: answered.length, matchesOracle };
}

/** One sentence for reports. */
export function describeGradDiagnosis(d: GradDiagnosis): string {
  if (d.answered === 0)
    return 'backward: no diagnosis: the implementation answered none of the diagnostic probes';
  if (d.matchesOracle)
    return `backward matches on all ${d.answered} diagnostic probes; the failure is specific to the failing case`;
  if (d.matches.length === 0)
    return `backward computes none of the known backward variants (on ${d.answered} diagnostic probes)`;
  return `backward computes the ${d.matches.map((v) => `${v.id} variant: ${v.label}`).join(', or the ')}`;
}
