// --workers: checks run on worker threads beside the main thread, each with its own implementation instance;
// the report is the same whatever their number (durations aside).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../adversarial/helpers.js';
import { cli } from '../helpers/cli.js';

/** The report without what timing changes. */
function stable(path: string) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  report.durationMs = 0;
  for (const c of report.checks) c.durationMs = 0;
  return report;
}

describe('--workers', () => {
  it.each([
    ['in process', []],
    ['over the protocol', ['--cmd', 'node dist/harness/cli/main.js oracle serve']],
  ])('gru.dir.reverse-time: %s, 1, 2 and 3 threads give the same report', async (_how, target) => {
    const dir = tempDir();
    const run = async (n: number) => {
      const json = join(dir, `r${n}.json`);
      const r = await cli(
        'check',
        ...target,
        '--only',
        'gru.dir',
        '--runs',
        '20',
        '--workers',
        String(n),
        '--report-json',
        json,
      );
      expect(r.exitCode, r.stderr).toBe(0);
      return stable(json);
    };
    const one = await run(1);
    expect(one.checks.length).toBeGreaterThan(10);
    expect(await run(2)).toEqual(one);
    expect(await run(3)).toEqual(one);
  });

  it('gru.num.tolerance: a failing implementation gets the same failures and diagnosis with 2 threads', async () => {
    const dir = tempDir();
    const args = ['check', 'examples/js/gru-swapped-gates.js', '--only', 'numeric', '--runs', '10'];
    await cli(...args, '--workers', '1', '--report-json', join(dir, 'a.json'));
    await cli(...args, '--workers', '2', '--report-json', join(dir, 'b.json'));
    const [a, b] = [stable(join(dir, 'a.json')), stable(join(dir, 'b.json'))];
    expect(a.verdict).toBe('not-conformant');
    expect(b).toEqual(a);
  });
});
