// The terminal report says what a person needs and nothing that misleads: skipped checks are not counted as
// passed, and the closeness of passing values is a share of the allowance, not a raw |diff|.
import { describe, expect, it } from 'vitest';
import { goldenChecks } from '../../harness/checks/goldens.js';
import { INIT_CHECK } from '../../harness/checks/init.js';
import { NUMERIC_CHECKS } from '../../harness/checks/numeric.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { renderTerminal } from '../../harness/report/terminal.js';
import { runChecks } from '../../harness/runner.js';

const OPTIONS = { seed: 42, runs: 10, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };
/** The oracle without the init capability: the init check is skipped for it. */
const noInit: Implementation = { name: 'no-init', forward: (r) => oracleImplementation.forward(r) };

describe('the terminal report', () => {
  it('gru.param.shapes: a clause decided by goldens says how many checks were skipped, never "0/1 passed"', async () => {
    const goldens = goldenChecks()
      .filter((c) => c.family === 'golden' && (c.dtype === 'float32' || c.dtype === 'float64'))
      .slice(0, 3);
    const report = await runChecks(noInit, [INIT_CHECK, ...goldens], OPTIONS);
    const line = renderTerminal(report, 'check')
      .split('\n')
      .find((l) => l.includes('gru.param.shapes '))!;
    expect(line).toMatch(/^ {2}PASS {2}gru\.param\.shapes +goldens 3\/3 passed, 1 check skipped$/);
    expect(line).not.toMatch(/0\/1/);
  });

  it('gru.num.tolerance: the closest passing value is given as a share of its allowance first, the raw |diff| after', async () => {
    const report = await runChecks(oracleImplementation, NUMERIC_CHECKS.slice(0, 2), OPTIONS);
    const text = renderTerminal(report, 'check');
    expect(text).toMatch(
      /^Closest to its allowance in passing checks: float32 \d\.\d{3} of its allowance \(\|diff\| /m,
    );
    expect(text).not.toMatch(/Worst error/);
  });
});
