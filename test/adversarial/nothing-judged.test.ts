// Issue item 2: a run in which no case was judged, or a requested family judged nothing, is incomplete (exit 2),
// never conformant.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { hostile, readReport, tempDir } from './helpers.js';

describe('a run that judged nothing', () => {
  it('gru.dtype.output-matches-input: an implementation declaring dtypes: [] is incomplete, exit 2', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await hostile('dtypes-empty', '--report-json', json);
    expect(r.exitCode, r.stdout + r.stderr).toBe(2);
    const report = readReport(json);
    expect(report.verdict).toBe('incomplete');
    expect(report.incomplete.join('\n')).toMatch(/no case was judged/);
  });

  it('gru.dtype.output-matches-input: --dtype float64 for an implementation that declares float32 only is incomplete', async () => {
    const r = await hostile('float32-only', '--dtype', 'float64', '--quiet');
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/^Verdict: INCOMPLETE/);
  });

  it('gru.dtype.output-matches-input: an implementation declaring a dtype the suite does not know cannot start (exit 2)', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await hostile('dtypes-unknown', '--report-json', json);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/capabilities\.dtypes: unknown dtype 'int8'/);
    expect(readReport(json).verdict).toBe('incomplete');
  });

  it('gru.init.uniform: --only init on an implementation without init is incomplete, exit 2', async () => {
    const r = await cli('check', '--only', 'init', '--quiet');
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/^Verdict: INCOMPLETE/);
  });

  it('gru.num.tolerance: fuzz --time 0s is refused (exit 2)', async () => {
    const r = await cli('fuzz', '--time', '0s');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--time: must be at least 1ms/);
  });

  it('gru.init.uniform: a family needing an undeclared optional capability is not requested: the example is conformant on gru.param', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await cli('check', '--only', 'gru.param', '--runs', '5', '--report-json', json);
    expect(r.exitCode, r.stdout).toBe(0);
    const report = readReport(json);
    expect(report.incomplete).toEqual([]);
    const init = report.checks.find((c: { id: string }) => c.id === 'init.uniform');
    expect([init.status, init.skipKind]).toEqual(['skip', 'capability']);
  });
});
