// Error clauses are judged: a rejection must name the clause the call breaks. A wrong clause is a failure of
// its own kind; a missing one is a warning, or a failure under --strict-clauses.
import { describe, expect, it } from 'vitest';
import { goldenChecks } from '../../harness/checks/goldens.js';
import { INVALID_CHECKS } from '../../harness/checks/invalid.js';
import type { Implementation } from '../../harness/implementation.js';
import { oracleImplementation } from '../../harness/implementations/oracle.js';
import { runChecks } from '../../harness/runner.js';
import { GruSpecError } from '../../oracle/index.js';

const OPTIONS = { seed: 7, runs: 40, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };
const errorGoldens = () => goldenChecks().filter((c) => c.family === 'error');

/** The oracle, with every rejection rewritten by `rename` (the clause it names, or undefined for none). */
function renaming(name: string, rename: (clause: string) => string | undefined): Implementation {
  return {
    name,
    forward(request) {
      try {
        return oracleImplementation.forward(request);
      } catch (e) {
        if (!(e instanceof GruSpecError)) throw e;
        const clause = rename(e.clause);
        throw clause === undefined
          ? new Error(e.message.replace(/^gru\.[a-z.-]+: /, ''))
          : Object.assign(new Error(e.message), { clause });
      }
    },
  };
}

describe('error clauses', () => {
  it('gru.err.hx-shape: every generated invalid call breaks exactly the clause it is filed under (the oracle names it)', async () => {
    const report = await runChecks(oracleImplementation, INVALID_CHECKS, { ...OPTIONS, strictClauses: true });
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => c.failure?.message)).toEqual([]);
    expect(report.summary.warnings).toBe(0);
  });

  // also: gru.err.input-dtype
  it("gru.err.seq-len-zero: every error golden is rejected by the oracle naming the golden's one error clause", async () => {
    const report = await runChecks(oracleImplementation, errorGoldens(), { ...OPTIONS, strictClauses: true });
    expect(report.checks.length).toBeGreaterThanOrEqual(40);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => c.failure?.message)).toEqual([]);
  });

  it('gru.err.hx-shape: a rejection naming another clause fails as wrong-clause, in generated calls and goldens', async () => {
    const misfiled = renaming('misfiled', (c) => (c === 'gru.err.hx-shape' ? 'gru.err.input-features' : c));
    const checks = [...INVALID_CHECKS, ...errorGoldens()].filter((c) =>
      c.clauses.includes('gru.err.hx-shape'),
    );
    expect(checks.map((c) => c.family)).toEqual(expect.arrayContaining(['error']));
    const report = await runChecks(misfiled, checks, OPTIONS);
    expect(report.verdict).toBe('not-conformant');
    for (const c of report.checks) {
      expect(c.status, c.id).toBe('fail');
      expect(c.failure?.kind, c.id).toBe('wrong-clause');
      expect(c.failure?.message).toMatch(
        /named gru\.err\.input-features, but the call breaks gru\.err\.hx-shape/,
      );
    }
    expect(report.clauses.find((c) => c.id === 'gru.err.hx-shape')?.status).toBe('fail');
  });

  it('gru.err.input-features: a rejection naming no clause passes with a warning, and fails under strictClauses', async () => {
    const silent = renaming('silent', () => undefined);
    const checks = INVALID_CHECKS.filter((c) => c.clauses.includes('gru.err.input-features'));
    const lenient = await runChecks(silent, checks, OPTIONS);
    expect(lenient.verdict).toBe('conformant');
    expect(lenient.summary.warnings).toBe(1);
    expect(lenient.checks[0].warnings?.[0]).toMatch(
      /without naming a clause \(expected gru\.err\.input-features\)/,
    );
    const strict = await runChecks(silent, checks, { ...OPTIONS, strictClauses: true });
    expect(strict.verdict).toBe('not-conformant');
    expect(strict.options.strictClauses).toBe(true);
    expect(strict.checks[0].failure?.kind).toBe('missing-clause');
  });

  it('gru.err.proj-size: answering an invalid call is accepted-invalid; a broken answer to it is crashed', async () => {
    const checks = INVALID_CHECKS.filter((c) => c.clauses.includes('gru.err.proj-size'));
    const withoutProjSize = (r: Parameters<Implementation['forward']>[0]) => {
      const { proj_size: _ignored, ...kwargs } = r.kwargs;
      return { ...r, kwargs };
    };
    const accepting: Implementation = {
      name: 'accepting',
      forward: (r) => oracleImplementation.forward(withoutProjSize(r)),
    };
    const [accepted] = (await runChecks(accepting, checks, OPTIONS)).checks;
    expect(accepted.failure?.kind).toBe('accepted-invalid');
    expect(accepted.failure?.message).toMatch(/^accepted an invalid call \(gru\.err\.proj-size\)/);
    const crashing: Implementation = { name: 'crashing', forward: () => 'hello' as never };
    const [crashed] = (await runChecks(crashing, checks, OPTIONS)).checks;
    expect(crashed.failure?.kind).toBe('crashed');
    expect(crashed.failure?.message).toMatch(/^failed instead of rejecting \(gru\.err\.proj-size\)/);
  });
});
