// The suite's teeth: every faulty GRU fails the default profile (CI seed) under the clause it breaks, the
// diagnosis names the variant of every variant-type fault, and the correct implementations pass.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/implementation.js';
import { oracleImplementation } from '../../harness/implementations/oracle.js';
import { defaultProfile } from '../../harness/profile.js';
import { runChecks } from '../../harness/runner.js';
import { baseGru } from './base-gru.js';
import { FAULTY_GRUS } from './catalogue.js';
import { CI_OPTIONS, type Kill, renderKillMatrix, runCatalogue } from './kill-matrix.js';

/** The diagnosis each variant-type fault must get (fault variant label -> diagnosis variant id). */
const EXPECTED_DIAGNOSIS: Record<string, string> = {
  'rz-swapped': 'gate-order-zrn',
  'reset-before-matmul': 'reset-before-matmul',
  'b-hn-outside-reset': 'b-hn-outside-reset',
  'merged-bias': 'b-hn-outside-reset',
  'z-convention-swapped': 'update-convention-swapped',
  'hard-sigmoid': 'hard-sigmoid',
  'overflowing-tanh': 'overflowing-tanh',
  'no-recurrence': 'no-recurrence',
  'reverse-not-reversed': 'reverse-not-reversed',
  'reverse-not-realigned': 'reverse-not-realigned',
  'h-n-direction-order': 'h-n-direction-swapped',
  'h-n-layer-order': 'h-n-layer-reversed',
  'h-n-batch-first': 'h-n-batch-first',
  'layout-ignored': 'batch-first-ignored',
  'hx-ignored': 'hx-ignored',
};

let kills: Kill[] = [];
beforeAll(async () => {
  kills = await runCatalogue();
}, 300_000);

describe(`${FAULTY_GRUS.length} faulty GRUs against the default profile`, () => {
  it.each(FAULTY_GRUS.map((f) => [f.clause, f.id] as const))(
    '%s: %s is caught under the clause it breaks',
    (clause, id) => {
      const { report } = kills.find((k) => k.fault.id === id)!;
      expect(report.verdict).toBe('not-conformant');
      const failing = report.checks.filter((c) => c.status === 'fail');
      expect(
        failing.some((c) => c.clauses.includes(clause)),
        `failing checks: ${failing.map((c) => c.id).join(', ')}`,
      ).toBe(true);
      for (const f of failing.filter((c) => c.family !== 'golden'))
        expect(f.failure?.message, f.id).toBeTruthy();
    },
  );

  const variantFaults = FAULTY_GRUS.filter((f) => f.variant !== undefined && f.variant in EXPECTED_DIAGNOSIS);
  it.each(variantFaults.map((f) => [f.clause, f.id, EXPECTED_DIAGNOSIS[f.variant!]] as const))(
    '%s: the diagnosis of %s names the %s variant',
    (_clause, id, variant) => {
      const { report } = kills.find((k) => k.fault.id === id)!;
      expect(report.diagnosis).toContain(`computes the ${variant} variant`);
    },
  );

  it('gru.num.tolerance: test/faulty/KILL-MATRIX.md is current (npm run teeth:matrix)', () => {
    expect(readFileSync(new URL('./KILL-MATRIX.md', import.meta.url), 'utf8')).toBe(renderKillMatrix(kills));
  });
});

describe('correct implementations pass the same profile', () => {
  it.each([
    ['gru.num.tolerance', 'the oracle', oracleImplementation],
    ['gru.num.tolerance', 'the base of the faulty catalogue', baseGru],
    ['gru.num.tolerance', 'the bundled JavaScript example', javascriptExample as Implementation],
  ] as const)('%s: %s is conformant', async (_clause, _name, impl) => {
    const report = await runChecks(impl, defaultProfile(), CI_OPTIONS);
    const failing = report.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.id}: ${c.failure?.message}`);
    expect(failing).toEqual([]);
    expect(report.verdict).toBe('conformant');
  });
});
