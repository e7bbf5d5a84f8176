// --workers: checks run on worker threads beside the main thread, each with its own implementation instance;
// the report is the same whatever their number (durations aside).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedImplementation } from '../../harness/isolation/worker-implementation.js';
import { CheckPool } from '../../harness/parallel/check-pool.js';
import { defaultProfile, selectChecks } from '../../harness/profile.js';
import type { Report } from '../../harness/report/types.js';
import { RunGuard } from '../../harness/run-guard.js';
import { runChecks } from '../../harness/runner.js';
import { tempDir } from '../adversarial/helpers.js';
import { cli } from '../helpers/cli.js';

/** A few goldens, properties and relations: enough checks to share between threads. */
const ONLY = 'golden.grid-l2-bias-bf,numeric.bidirectional,numeric.layers,relation.dir,relation.layer';
const OPTIONS = { seed: 42, runs: 8, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };

/** The report without what timing changes. */
function stable(report: Report) {
  const copy = JSON.parse(JSON.stringify(report));
  copy.durationMs = 0;
  for (const c of copy.checks) c.durationMs = 0;
  return copy;
}

/** The checks run on this thread and `extra` check workers, each loading `module` itself. */
async function withThreads(module: string, extra: number): Promise<Report> {
  const impl = await isolatedImplementation(module);
  const pool =
    extra > 0
      ? await CheckPool.start(extra, { source: { module }, timeoutMs: 30_000, maxTimeouts: 3 })
      : undefined;
  const guard = new RunGuard();
  try {
    const checks = selectChecks(defaultProfile(), { only: ONLY });
    return await runChecks(impl, checks, { ...OPTIONS, guard, lanes: pool?.lanes(guard, OPTIONS) });
  } finally {
    guard.dispose();
    await Promise.all([impl.close?.(), pool?.close()]);
  }
}

describe('--workers', () => {
  it.each([
    ['examples/js/gru.js', 'conformant'],
    ['examples/js/gru-swapped-gates.js', 'not-conformant'],
  ])('gru.dir.reverse-time: %s on 1, 2 and 3 threads gives the same report (%s)', async (module, verdict) => {
    const one = stable(await withThreads(module, 0));
    expect(one.verdict).toBe(verdict);
    expect(one.checks.length).toBeGreaterThan(10);
    expect(stable(await withThreads(module, 1))).toEqual(one);
    expect(stable(await withThreads(module, 2))).toEqual(one);
  });

  it('gru.dir.reverse-time: through the CLI over the protocol, 1 and 2 threads give the same report', async () => {
    const dir = tempDir();
    const run = async (n: number) => {
      const json = join(dir, `r${n}.json`);
      const r = await cli(
        'check',
        '--cmd',
        'node dist/harness/cli/main.js oracle serve',
        '--only',
        ONLY,
        '--runs',
        '8',
        '--workers',
        String(n),
        '--report-json',
        json,
      );
      expect(r.exitCode, r.stderr).toBe(0);
      return stable(JSON.parse(readFileSync(json, 'utf8')));
    };
    expect(await run(2)).toEqual(await run(1));
  });
});
