// Correct implementations pass the same default profile that catches every fault: the base the faults are
// made from (so each fault's failures are its own), and the oracle itself (the checks agree with their
// reference). The bundled example's run is test/cli/cli.test.ts's first test.
import { describe, expect, it } from 'vitest';
import type { Capabilities, Implementation } from '../../harness/contract/implementation.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { defaultProfile } from '../../harness/profile.js';
import { runChecks } from '../../harness/runner.js';
import { baseGrad } from './base-grad.js';
import { baseGruWithPacked as baseGru } from './base-packed.js';
import { halfGru } from './half-arithmetic.js';
import { CI_OPTIONS } from './kill-matrix.js';

const HALF: Capabilities = { dtypes: ['float16', 'bfloat16'] };

async function failingChecks(impl: Implementation, profile = defaultProfile()) {
  const report = await runChecks(impl, profile, CI_OPTIONS);
  return {
    report,
    failing: report.checks
      .filter((c) => c.status !== 'pass' && c.status !== 'skip')
      .map((c) => `${c.id}: ${c.failure?.message}`),
  };
}

const withoutSizes = () => defaultProfile().filter((c) => !c.id.startsWith('numeric.sizes.'));

describe('correct implementations pass the default profile', () => {
  // npm run teeth:matrix (CI) runs the base through the size family too.
  it('gru.num.tolerance: the base of the faulty catalogue is conformant (the size family runs in CI, with the kill matrix)', async () => {
    const { report, failing } = await failingChecks(baseGru, withoutSizes());
    expect(failing).toEqual([]);
    expect(report.verdict).toBe('conformant');
  });

  it('gru.dtype.half-arithmetic: a GRU that rounds where PyTorch does is conformant in float16 and bfloat16', async () => {
    const torchLike = {
      ...halfGru('rounds-like-torch', { batchFirstInputBiasAfterRounding: true }),
      capabilities: HALF,
    };
    const { report, failing } = await failingChecks(torchLike, withoutSizes());
    expect(failing).toEqual([]);
    expect(report.verdict).toBe('conformant');
  });

  it('gru.dtype.half-accumulation: a GRU that accumulates its matrix products in the half format is conformant', async () => {
    const halfSums = { ...halfGru('accumulates-in-half', { accumulateInHalf: true }), capabilities: HALF };
    const { report, failing } = await failingChecks(halfSums, withoutSizes());
    expect(failing).toEqual([]);
    expect(report.verdict).toBe('conformant');
  });

  // also: gru.grad.vjp
  it('gru.num.tolerance: the base of the faulty backward passes is conformant, the grad family included', async () => {
    const gradOnly = defaultProfile().filter((c) => c.family === 'grad');
    const { report, failing } = await failingChecks(baseGrad, gradOnly);
    expect(failing).toEqual([]);
    expect(report.checks.every((c) => c.status === 'pass')).toBe(true);
  });

  // The checks that compare an implementation with the oracle (numeric, sizes, cell and grad numeric) would compare
  // it with itself, bit for bit: left out; the base above and the bundled example (cli.test) pass them.
  it('gru.num.tolerance: the oracle is conformant wherever it is not compared with itself (goldens, relations, invalid calls, init, packed)', async () => {
    const compared = defaultProfile().filter((c) => !/^(numeric|cell\.numeric|grad\.numeric)\./.test(c.id));
    const { report, failing } = await failingChecks(oracleImplementation, compared);
    expect(failing).toEqual([]);
    expect(report.verdict).toBe('conformant');
  });
});
