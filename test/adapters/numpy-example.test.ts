// The bundled Python/numpy example through the whole default profile, over the protocol (npm run
// test:adapters; npm test runs a part of it in test/cli/subprocess.test.ts).
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('examples/python/gru_numpy.py', () => {
  it('gru.eq.new-gate: the Python/numpy example passes the default profile (seed 42)', async () => {
    const r = await cli('check', '--cmd', 'uv run --frozen python examples/python/gru_numpy.py', '--quiet');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verdict: CONFORMANT: 0 of \d+ checks failed/);
  }, 600_000);
});
