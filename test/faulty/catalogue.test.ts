// Every faulty GRU in the catalogue is well described and really wrong: some request tells it from the oracle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forwardFlops, sizeCases } from '../../harness/case-space/size-cases.js';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import {
  PACKED_FORMS,
  type PackedCase,
  type PackedForm,
  packedCaseArb,
  requestIn,
} from '../../harness/cases/packed-case.js';
import { unsortedLengths } from '../../harness/checks/packed-properties.js';
import { sizeCase } from '../../harness/checks/sizes.js';
import { oracleResult } from '../../harness/contract/oracle-implementation.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { firstTensorChange } from '../../harness/contract/request-changes.js';
import { gruForward, tensor } from '../../oracle/index.js';
import { loadClauses } from '../../spec/clauses.js';
import { FAULTY_GRUS, type FaultyGru } from './catalogue.js';
import { cellWitness } from './cell-witness.js';
import { gradWitness } from './grad-witness.js';
import { difference, EDGE_CALLS, EXACT_CALLS, INVALID_CALLS, type Outcome, outcome } from './probes.js';

const oracle = (r: GruRequest): Outcome =>
  outcome((q) => gruForward(q.kwargs, q.parameters, q.input, q.hx), r);

/**
 * A request on which the fault differs from the oracle (by more than 1e-6 in float32, 1e-10 in float64, 8 unit
 * roundoffs in float16 and bfloat16, or by a NaN or an infinity), or accepts what it rejects. A fault that
 * declares its dtypes is asked only those (the half-precision ones: test/faulty/catalogue-half.ts).
 */
const TOL = { float32: 1e-6, float64: 1e-10, float16: 2 ** -8, bfloat16: 2 ** -5 };
function witness(fault: FaultyGru): string | undefined {
  const dtypes = fault.capabilities?.dtypes;
  const fixed = dtypes === undefined ? [...INVALID_CALLS, ...EDGE_CALLS] : [];
  for (const [what, r] of fixed) {
    const why = difference(outcome(fault.forward, r), oracle(r), TOL);
    if (why !== undefined) return `${what}: ${why}`;
  }
  for (const [what, r] of fixed) {
    const copy = structuredClone(r);
    outcome(fault.forward, copy);
    const change = firstTensorChange(r, copy);
    if (change !== undefined) return `${what}: changes its request: ${change}`;
  }
  for (const [what, r] of dtypes === undefined ? EXACT_CALLS : []) {
    const why = difference(outcome(fault.forward, r), oracle(r), {});
    if (why !== undefined) return `${what}: ${why}`;
  }
  const search = fc.check(
    fc.property(gruCaseArb(dtypes ? { dtypes } : {}), (c) => {
      const r = caseRequest(c);
      return difference(outcome(fault.forward, r), oracle(r), TOL) === undefined;
    }),
    { seed: 20260505, numRuns: 500, endOnFailure: true },
  );
  if (search.failed) return `random case ${JSON.stringify(search.counterexample)}`;
  const packed = packedWitness(fault);
  if (packed !== undefined) return packed;
  // Faults of a size show only at their sizes: for each dimension, from its largest boundary value down, the
  // cheapest size case that has it.
  for (const c of dtypes ? [] : sizeWitnesses()) {
    const r = caseRequest(c);
    const why = difference(outcome(fault.forward, r), oracle(r), TOL);
    if (why !== undefined) return `size case ${JSON.stringify(c)}: ${why}`;
  }
  return undefined;
}

/** For a fault that takes variable-length calls: a generated one, in a form it declares, that tells it apart. */
function packedWitness(fault: FaultyGru): string | undefined {
  const forms = PACKED_FORMS.filter((form) => fault.capabilities?.[form] === true);
  if (forms.length === 0) return undefined;
  const same = (r: GruRequest) =>
    difference(outcome(fault.forward, r), outcome(oracleResult, r), TOL) === undefined;
  // invalid padded calls too: unsorted lengths with enforce_sorted, a length of 0 last
  const invalid = (c: PackedCase): PackedCase[] =>
    fault.capabilities?.sequenceLengths
      ? [
          { ...unsortedLengths(c), enforceSorted: true },
          { ...c, enforceSorted: true, lengths: [...c.lengths].sort((a, b) => b - a).fill(0, -1) },
        ]
      : [];
  // and an hx one column wider than the batch (sorted lengths: unsorted ones leave it undefined)
  const wideHx = (form: PackedForm, c: PackedCase): GruRequest => {
    const sorted = { ...c, enforceSorted: true, lengths: [...c.lengths].sort((a, b) => b - a) };
    const shape = [(c.bidirectional ? 2 : 1) * c.num_layers, c.batch + 1, c.hidden_size];
    const hx = tensor(c.dtype, shape, Array(shape[0] * shape[1] * shape[2]).fill(0.5));
    return { ...requestIn(form, sorted), hx };
  };
  const search = fc.check(
    fc.property(
      packedCaseArb({ dtypes: ['float32', 'float64'] }),
      (c) =>
        forms.every((form) => same(requestIn(form, c)) && same(wideHx(form, c))) &&
        invalid(c).every((bad) => same(requestIn('sequenceLengths', bad))),
    ),
    { seed: 20260505, numRuns: 300, endOnFailure: true },
  );
  return search.failed ? `variable-length case ${JSON.stringify(search.counterexample)}` : undefined;
}

/**
 * Per dimension and boundary value, the cheapest size case with that value, and the cheapest float64 one with hx
 * given (faults of precision and of hx rows show only there); tried cheapest first.
 */
function sizeWitnesses() {
  const cases = sizeCases().map((row, i) => sizeCase(row, i, ['float32', 'float64']));
  const picked: typeof cases = [];
  for (const dim of ['hidden_size', 'input_size', 'batch', 'steps', 'num_layers'] as const) {
    const values = [...new Set(cases.map((c) => c[dim]))].sort((a, b) => b - a);
    for (const v of values) {
      const withIt = cases.filter((c) => c[dim] === v).sort((a, b) => forwardFlops(a) - forwardFlops(b));
      const rich = withIt.find((c) => c.dtype === 'float64' && c.hxGiven);
      picked.push(withIt[0], ...(rich ? [rich] : []));
    }
  }
  return picked.sort((a, b) => forwardFlops(a) - forwardFlops(b));
}

describe('the faulty GRU catalogue', () => {
  it('gru.ctor.signature: at least 30 faults, each with a unique kebab-case id, a description and a known clause', () => {
    const ids = new Set(loadClauses().clauses.map((c) => c.id));
    expect(FAULTY_GRUS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(FAULTY_GRUS.map((f) => f.id)).size).toBe(FAULTY_GRUS.length);
    for (const f of FAULTY_GRUS) {
      expect(f.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(f.name).toBe(f.id);
      expect(f.description.length, f.id).toBeGreaterThan(10);
      expect(ids, f.id).toContain(f.clause);
    }
  });

  for (const fault of FAULTY_GRUS) {
    it(`${fault.clause}: ${fault.id} is observably wrong`, () => {
      // a faulty cell's nn.GRU is the base's: its fault is in the cell; a faulty backward's forward is right
      const found = fault.clause.startsWith('gru.cell.')
        ? cellWitness(fault)
        : fault.clause.startsWith('gru.grad.')
          ? gradWitness(fault)
          : witness(fault);
      expect(found, `no request tells ${fault.id} from the oracle`).toBeDefined();
    });
  }
});
