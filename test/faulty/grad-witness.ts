// A backward call on which a faulty backward is observably wrong: some gradient differs from the oracle's, on a
// small fixed call or on generated ones (training mode included: the faults declare trainMasks).
import fc from 'fast-check';
import { type GradCase, gradCaseArb, gradRequest, SMALL_GRAD_CASE } from '../../harness/cases/grad-case.js';
import type { GruBackwardRequest } from '../../harness/contract/backward-request.js';
import { oracleBackwardResult } from '../../harness/contract/oracle-implementation.js';
import type { DType, Tensor } from '../../oracle/index.js';
import type { FaultyGru } from './fault.js';

/** Gradient calls are float32 or float64 only (the grad family judges no other dtype). */
const TOL: Partial<Record<DType, number>> = { float32: 1e-5, float64: 1e-10 };

function difference(fault: FaultyGru, r: GruBackwardRequest): string | undefined {
  const got = (fault.backward!(r) as { gradients: Record<string, Tensor> }).gradients;
  const want = oracleBackwardResult(r).gradients;
  for (const [name, e] of Object.entries(want)) {
    const a = got[name];
    if (a === undefined) return `no gradient ${name}`;
    if (a.shape.join() !== e.shape.join()) return `${name}: shape [${a.shape}], expected [${e.shape}]`;
    const scale = Math.max(1, ...e.data.map(Math.abs));
    const i = e.data.findIndex((v, k) => !(Math.abs(a.data[k] - v) <= (TOL[e.dtype] ?? 0) * scale));
    if (i >= 0) return `${name}[${i}] ${a.data[i]}, expected ${e.data[i]}`;
  }
  return undefined;
}

export function gradWitness(fault: FaultyGru): string | undefined {
  const small = difference(fault, gradRequest(SMALL_GRAD_CASE));
  if (small !== undefined) return `the small case: ${small}`;
  const search = fc.check(
    fc.property(gradCaseArb({}, true), (c: GradCase) => difference(fault, gradRequest(c)) === undefined),
    { seed: 20260505, numRuns: 200, endOnFailure: true },
  );
  return search.failed ? `generated case ${JSON.stringify(search.counterexample)}` : undefined;
}
