// Issue items 5 and 6: a fuzz run whose first round did not finish is incomplete, and a run is bounded in time:
// a stop after consecutive timeouts, an overall --budget; a synchronous endless loop is cut off too.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostile, readReport, tempDir } from './helpers.js';

describe('time bounds', () => {
  it('gru.num.tolerance: fuzz whose first round did not finish (a slow implementation, --time 1s) is incomplete, exit 2', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await hostile('slow', 'fuzz', '--time', '1s', '--report-json', json);
    expect(r.exitCode, r.stdout + r.stderr).toBe(2);
    const report = readReport(json);
    expect(report.verdict).toBe('incomplete');
    expect(report.incomplete.join('\n')).toMatch(/checks never finished a round/);
  });

  it.each(['never-settles', 'sync-loop'])(
    'gru.eq.recurrence: a forward that %s stops the run after 3 timeouts in a row: incomplete, exit 2, in seconds',
    async (mode) => {
      const json = join(tempDir(), 'r.json');
      const t0 = performance.now();
      const r = await hostile(mode, '--timeout', '200ms', '--report-json', json);
      expect(performance.now() - t0).toBeLessThan(20_000);
      expect(r.exitCode, r.stdout + r.stderr).toBe(2);
      const report = readReport(json);
      expect(report.stop).toEqual({ kind: 'timeouts', count: 3 });
      expect(report.verdict).toBe('incomplete');
      expect(
        report.checks.filter((c: { skipKind?: string }) => c.skipKind === 'stopped').length,
      ).toBeGreaterThan(100);
    },
  );

  it('gru.eq.recurrence: --max-timeouts sets how many timeouts in a row stop the run', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await hostile(
      'never-settles',
      '--timeout',
      '100ms',
      '--max-timeouts',
      '5',
      '--report-json',
      json,
    );
    expect(r.exitCode).toBe(2);
    expect(readReport(json).stop).toEqual({ kind: 'timeouts', count: 5 });
  });

  it('gru.num.tolerance: --budget stops a slow run: incomplete, exit 2, with the report', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await hostile('slow', '--budget', '800ms', '--report-json', json);
    expect(r.exitCode).toBe(2);
    const report = readReport(json);
    expect(report.stop).toEqual({ kind: 'budget', budgetMs: 800 });
    expect(report.incomplete[0]).toMatch(/budget of 800 ms ran out/);
  });
});
