// End to end through subprocesses: the Python example passes `check`, and a wrong implementation behind the
// protocol gets the same failure and diagnosis as in process.
import { describe, expect, it } from 'vitest';
import { CLI, cli } from '../helpers/cli.js';

describe('check --cmd', () => {
  // The whole default profile runs in npm run test:adapters (test/adapters/numpy-example.test.ts).
  it('gru.eq.new-gate: the Python/numpy example passes the goldens, properties, relations and invalid calls (seed 42, 30 runs)', async () => {
    const r = await cli(
      'check',
      '--cmd',
      'uv run --frozen python examples/python/gru_numpy.py',
      '--only',
      'golden.,error.,numeric.one,numeric.layers,numeric.nan,numeric.infinity,relation.,init.',
      '--runs',
      '30',
      '--quiet',
    );
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verdict: CONFORMANT: 0 of \d+ checks failed/);
  });

  it('gru.eq.gate-order: the swapped-gates example behind the protocol is diagnosed as gate-order-zrn', async () => {
    const served = 'node test/protocol/fixtures/serve-module.mjs examples/js/gru-swapped-gates.js';
    const r = await cli('check', '--cmd', served, '--only', 'numeric.one-step', '--runs', '20');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/x numeric\.one-step {2}\[[^\]]*gru\.eq\.gate-order/);
    expect(r.stdout).toContain('Diagnosis: computes the gate-order-zrn variant');
  });

  it('gru.dropout.between-layers: dropout masks travel over the protocol: the served oracle passes the train goldens', async () => {
    const r = await cli('check', '--cmd', `node ${CLI} oracle serve`, '--only', 'golden.train-');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Verdict: CONFORMANT: 0 of 7 checks failed, 0 skipped, 7 cases/);
  });
});
