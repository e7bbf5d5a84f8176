// A failing golden blames the clauses its failure evidences, not the twenty it cites.
import { describe, expect, it } from 'vitest';
import { clausesOfProblems } from '../../harness/checks/golden-blame.js';
import { goldenChecks } from '../../harness/checks/goldens.js';
import { NUMERIC_CHECKS } from '../../harness/checks/numeric.js';
import { renderJunit } from '../../harness/report/junit.js';
import { renderTerminal } from '../../harness/report/terminal.js';
import { runChecks } from '../../harness/runner.js';
import { FAULTY_GRUS } from '../faulty/catalogue.js';

const OPTIONS = { seed: 42, runs: 20, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };
const gateOrder = FAULTY_GRUS.find((f) => f.id === 'gate-order-zrn')!;
const someGoldens = () =>
  goldenChecks()
    .filter((c) => c.family === 'golden')
    .slice(0, 12);

describe('golden failure blame', () => {
  it('gru.eq.gate-order: a gate-order bug fails the gate-order clause, not gru.param.names, though every golden cites both', async () => {
    const checks = [
      ...someGoldens(),
      ...NUMERIC_CHECKS.filter((c) => c.clauses.includes('gru.eq.gate-order')),
    ];
    const report = await runChecks(gateOrder, checks, OPTIONS);
    const goldens = report.checks.filter((c) => c.family === 'golden');
    expect(goldens.every((c) => c.clauses.includes('gru.param.names'))).toBe(true);
    expect(goldens.filter((c) => c.status === 'fail').length).toBeGreaterThan(0);
    for (const c of goldens.filter((g) => g.status === 'fail')) {
      expect(c.failure?.blame).toContain('gru.eq.gate-order');
      expect(c.failure?.blame).not.toContain('gru.param.names');
    }
    const status = (id: string) => report.clauses.find((c) => c.id === id)?.status;
    expect(status('gru.eq.gate-order')).toBe('fail');
    expect(status('gru.param.names')).not.toBe('fail');
    expect(status('gru.param.shapes')).not.toBe('fail');
    expect(renderTerminal(report, 'check')).toMatch(/clauses they evidence: .*gru\.eq\.gate-order/);
  });

  it('gru.eq.gate-order: with goldens alone, wrong values blame the value clauses, never the shapes or dtypes that were right', async () => {
    const report = await runChecks(gateOrder, someGoldens(), OPTIONS);
    const failed = report.checks.filter((c) => c.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) {
      expect(c.failure?.blame).toContain('gru.eq.gate-order');
      expect(c.failure?.blame?.some((id) => id.startsWith('gru.shape.') || id.startsWith('gru.dtype.'))).toBe(
        false,
      );
    }
  });

  it('gru.dir.h-n-index: the clauses a wrong tensor bears on', () => {
    const cited = [
      'gru.shape.output-batched',
      'gru.shape.h-n',
      'gru.eq.gate-order',
      'gru.dir.output-concat',
      'gru.dir.h-n-index',
      'gru.dtype.output-matches-input',
      'gru.num.nan-propagation',
    ];
    expect(clausesOfProblems(cited, { h_n: 'values' })).toEqual(['gru.eq.gate-order', 'gru.dir.h-n-index']);
    expect(clausesOfProblems(cited, { output: 'values' })).toEqual([
      'gru.eq.gate-order',
      'gru.dir.output-concat',
    ]);
    expect(clausesOfProblems(cited, { output: 'non-finite' })).toEqual([
      'gru.eq.gate-order',
      'gru.dir.output-concat',
      'gru.num.nan-propagation',
    ]);
    expect(clausesOfProblems(cited, { h_n: 'dtype' })).toEqual(['gru.dtype.output-matches-input']);
    expect(clausesOfProblems(cited, { output: 'shape' })).toEqual([
      'gru.shape.output-batched',
      'gru.dir.output-concat',
    ]);
    expect(clausesOfProblems(cited, undefined)).toEqual(cited);
  });

  it('gru.eq.gate-order: JUnit groups test cases by family and files a golden failure under the clauses it blames', async () => {
    const report = await runChecks(gateOrder, someGoldens(), OPTIONS);
    const xml = renderJunit(report);
    expect(xml).toContain('classname="gru-conformance.golden"');
    expect(xml).not.toMatch(/classname="gru\.[a-z]/);
    const failure = /<failure message="[^"]*" type="([^"]*)"/.exec(xml);
    expect(failure?.[1].split(' ')).not.toContain('gru.param.names');
    expect(failure?.[1].split(' ')).toContain('gru.eq.gate-order');
  });
});
