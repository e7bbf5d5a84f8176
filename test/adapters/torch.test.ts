// PyTorch itself, live, through the protocol: it must pass every check (the strongest check of the oracle).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Implementation } from '../../harness/implementation.js';
import { defaultProfile } from '../../harness/profile.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import type { Report } from '../../harness/report/types.js';
import { runChecks } from '../../harness/runner.js';

const COMMAND = 'uv run --frozen python adapters/torch/gru_torch.py';
let torch: Implementation;
let report: Report;

beforeAll(async () => {
  torch = await spawnImplementation(COMMAND, { timeoutMs: 60_000 });
  report = await runChecks(torch, defaultProfile(), { seed: 42, runs: 40, dtypes: ['float32', 'float64'] });
}, 240_000);
afterAll(async () => torch?.close?.());

describe('PyTorch nn.GRU through adapters/torch/gru_torch.py', () => {
  it('gru.num.tolerance: torch passes the default profile (seed 42, 40 runs per property)', () => {
    const failing = report.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.id}: ${c.failure?.message}`);
    expect(failing).toEqual([]);
    expect(report.verdict).toBe('conformant');
  });
  it('gru.init.uniform: torch initialises its own parameters from U(-1/sqrt(H), 1/sqrt(H))', () => {
    expect(report.checks.find((c) => c.id === 'init.uniform')?.status).toBe('pass');
  });
  it('gru.err.input-features: torch rejects every invalid call of the profile itself', () => {
    const errors = report.checks.filter((c) => c.family === 'error');
    expect(errors.length).toBeGreaterThan(50);
    expect(errors.every((c) => c.status === 'pass')).toBe(true);
  });
});
