// Issue items 3, 4 and 8: an in-process implementation cannot end the run with exit 0 (process.exit), cannot
// move the judge's expectation by writing into its request, and cannot patch the judge's globals.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NUMERIC_CHECKS } from '../../harness/checks/numeric.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { runChecks } from '../../harness/runner.js';
import { hostile, readReport, tempDir } from './helpers.js';

const ONE_STEP = ['--only', 'numeric.one-step', '--runs', '20'];

describe('an in-process implementation under the CLI (its own worker thread)', () => {
  it('gru.eq.recurrence: process.exit(0) inside forward fails the call; the run exits 1 with a report', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await hostile('exit-zero', '--only', 'numeric.sequence', '--runs', '10', '--report-json', json);
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    const report = readReport(json);
    expect(report.verdict).toBe('not-conformant');
    expect(report.checks[0].failure.message).toMatch(/ended its thread \(process\.exit\(0\)/);
  });

  it('gru.num.tolerance: writing NaN into the request and answering zeros fails (the judge keeps its own copy)', async () => {
    const r = await hostile('mutate-request', ...ONE_STEP, '--quiet');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^Verdict: NOT-CONFORMANT/);
  });

  it("gru.shape.inputs-unchanged: right answers with h_n left in the caller's hx fail, naming the changed value", async () => {
    const r = await hostile('hx-in-place', '--only', 'numeric.inputs-unchanged', '--runs', '5');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/changed its request in place: hx\.data\[\d+\] was -?[\d.e-]+, is -?[\d.e-]+/);
    expect(r.stdout).toMatch(/^Verdict: NOT-CONFORMANT/m);
  });

  it('gru.eq.gate-order: swapped gates plus patched Math.abs, Math.max, Number.isFinite and Float64Array.prototype.map fail', async () => {
    const r = await hostile('patch-globals', ...ONE_STEP);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/x numeric\.one-step/);
    expect(r.stdout).toContain('Diagnosis: computes the gate-order-zrn variant');
  });
});

describe('an implementation object in the same realm (programmatic API)', () => {
  it('gru.num.tolerance: one that writes NaN into its request and answers zeros still fails every case', async () => {
    const mutating: Implementation = {
      name: 'mutating',
      forward(r) {
        const answer = oracleImplementation.forward(r) as {
          output: { data: Float64Array };
          h_n: { data: Float64Array };
        };
        r.input.data.fill(Number.NaN);
        for (const t of Object.values(r.parameters)) t.data.fill(Number.NaN);
        answer.output.data.fill(0);
        answer.h_n.data.fill(0);
        return answer as never;
      },
    };
    const report = await runChecks(mutating, NUMERIC_CHECKS.slice(0, 1), {
      seed: 1,
      runs: 10,
      dtypes: ['float64'],
    });
    expect(report.verdict).toBe('not-conformant');
  });
});
