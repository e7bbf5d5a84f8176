// The metamorphic relations hold exactly for the oracle (same float64 operations in the same order).
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import { RELATIONS } from '../../harness/cases/metamorphic-relations.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import type { GruRequest } from '../../harness/contract/request.js';

const call = async (r: GruRequest) => oracleImplementation.forward(r);
const cases = gruCaseArb({ maxSteps: 6, longSteps: 0 });

for (const relation of RELATIONS) {
  test.prop([cases], { numRuns: 60, seed: 20261126 })(`${relation.clause}: ${relation.title}`, async (c) => {
    for (const pair of await relation.run(relation.fit(c), call)) {
      expect(pair.actual.shape, pair.what).toEqual(pair.expected.shape);
      expect(Array.from(pair.actual.data), pair.what).toEqual(Array.from(pair.expected.data));
    }
  });
}

test.prop([gruCaseArb({ maxSteps: 6, longSteps: 0 })], { numRuns: 60, seed: 7 })(
  'gru.num.saturation: results are finite for every generated case, inputs up to 1e8 included',
  async (c) => {
    const r = await call(caseRequest(c));
    expect([...r.output.data, ...r.h_n.data].every(Number.isFinite)).toBe(true);
  },
);
