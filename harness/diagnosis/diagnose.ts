// Diagnosis: run the implementation on fixed probes and name the known variant whose results it reproduces.
import type { DType } from '../../oracle/index.js';
import { caseRequest, type GruCase, SMALL_CASE } from '../cases/gru-case.js';
import type { Implementation } from '../contract/implementation.js';
import { oracleResult } from '../contract/oracle-implementation.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { safeCall } from '../contract/safe-call.js';
import { judge } from '../judging/judge.js';
import { scaleTolerance } from '../judging/tolerance.js';
import type { RunGuard } from '../run-guard.js';
import { candidateVariants, type Variant } from '../variants/registry.js';
import { variantForward } from '../variants/variant-gru.js';

const BASE: GruCase = { ...SMALL_CASE, batch: 3, inputScale: 1.5, paramScale: 1.5, seed: 2026 };

/** Probes in which every variant changes the result; an implementation that rejects one is judged on the rest. */
function probes(dtype: DType): GruRequest[] {
  return [
    { ...BASE, dtype },
    { ...BASE, dtype, num_layers: 2, bidirectional: true, seed: 7 },
    { ...BASE, dtype, num_layers: 2, bidirectional: true, batch_first: true, seed: 11 },
    { ...BASE, dtype, batch_first: true, hxGiven: false, seed: 13 },
    { ...BASE, dtype, inputScale: 1e3, seed: 17 },
  ].map(caseRequest);
}

export interface Diagnosis {
  /** The variants the implementation reproduces on every probe it answered (empty: none known). */
  matches: Variant[];
  /** How many probes it answered. */
  answered: number;
  /** It matched nn.GRU (the oracle) on every probe it answered. */
  matchesOracle: boolean;
}

function matches(response: GruResponse, expected: GruResponse, r: GruRequest): boolean {
  return judge({ kind: 'result', response }, expected, scaleTolerance(r, 'diagnosis')).ok;
}

/** A variant that cannot run a probe (its hx no longer fits, say) does not match it. */
function matchesVariant(v: Variant, response: GruResponse, r: GruRequest): boolean {
  try {
    return matches(response, variantForward(v.switches, r), r);
  } catch {
    return false;
  }
}

/** The probes run in the most precise dtype of the run, where the variants stand furthest from nn.GRU. */
const BY_PRECISION: DType[] = ['float64', 'float32', 'float16', 'bfloat16'];

export async function diagnose(impl: Implementation, dtypes: DType[], guard?: RunGuard): Promise<Diagnosis> {
  const dtype = BY_PRECISION.find((d) => dtypes.includes(d)) ?? dtypes[0];
  const answered: [GruRequest, GruResponse][] = [];
  for (const r of probes(dtype)) {
    const o = await safeCall(impl, r, guard);
    if (o.kind === 'result') answered.push([r, o.response]);
  }
  const matchesOracle = answered.every(([r, resp]) => matches(resp, oracleResult(r), r));
  const found: Variant[] = [];
  if (!matchesOracle && answered.length > 0) {
    for (const v of candidateVariants()) {
      if (found.length > 0 && v.id.includes('+')) break;
      if (answered.every(([r, resp]) => matchesVariant(v, resp, r))) found.push(v);
    }
  }
  return { matches: found, answered: answered.length, matchesOracle };
}

/** One sentence for reports. */
export function describeDiagnosis(d: Diagnosis): string {
  if (d.answered === 0) return 'no diagnosis: the implementation answered none of the diagnostic probes';
  if (d.matchesOracle)
    return `matches nn.GRU on all ${d.answered} diagnostic probes; the failure is specific to the failing case`;
  if (d.matches.length === 0)
    return `computes none of the known variants (on ${d.answered} diagnostic probes)`;
  return `computes the ${d.matches.map((v) => `${v.id} variant: ${v.label}`).join(', or the ')}`;
}
