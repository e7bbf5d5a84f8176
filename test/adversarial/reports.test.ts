// Issue item 9: hostile thrown values, report paths, versions, seeds, dtypes and names never crash the harness
// or make a report that fails its own schema or XML.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { hostile, readJunit, readReport, tempDir } from './helpers.js';

describe('hostile values in reports', () => {
  it('gru.err.input-features: thrown values with no usable toString or message are rejections, never harness errors', async () => {
    const dir = tempDir();
    const [json, junit] = [join(dir, 'r.json'), join(dir, 'r.xml')];
    const r = await hostile(
      'throw-unprintable',
      '--runs',
      '4',
      '--report-json',
      json,
      '--report-junit',
      junit,
    );
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/harness error|Unhandled|TypeError/);
    const report = readReport(json);
    expect(report.summary.errors).toBe(0);
    // Every invalid call is rejected (thrown), so every error check passes; every valid call fails.
    const errors = report.checks.filter((c: { family: string }) => c.family === 'error');
    expect(errors.every((c: { status: string }) => c.status === 'pass')).toBe(true);
    const numeric = report.checks.find((c: { id: string }) => c.id === 'numeric.one-step');
    expect(numeric.failure.message).toMatch(/rejected a valid call: \[object Object\]/);
    readJunit(junit);
  });

  it('gru.ctor.signature: a name with U+FFFE, U+FFFF, controls and a lone surrogate gives valid XML and a valid report', async () => {
    const dir = tempDir();
    const [json, junit] = [join(dir, 'r.json'), join(dir, 'r.xml')];
    const r = await hostile(
      'hostile-name',
      '--only',
      'numeric.one-step',
      '--runs',
      '5',
      '--report-json',
      json,
      '--report-junit',
      junit,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readReport(json).implementation.name).toContain('\uFFFE');
    const xml = readJunit(junit);
    expect(xml.testsuites['@_name']).toContain('\uFFFD');
  });

  it('gru.ctor.signature: a numeric version is refused when the implementation loads (exit 2), the report still written', async () => {
    const json = join(tempDir(), 'r.json');
    const r = await hostile('numeric-version', '--report-json', json);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/version must be a string when given, got 2 \(number\)/);
    expect(readReport(json).incomplete[0]).toMatch(/could not start/);
  });

  it.each([
    [
      'a JSON report in a missing folder',
      ['--report-json', '/no/such/folder/r.json'],
      /--report-json: folder \/no\/such\/folder does not exist/,
    ],
    [
      'a JUnit report in a missing folder',
      ['--report-junit', '/no/such/folder/r.xml'],
      /--report-junit: folder \/no\/such\/folder does not exist/,
    ],
    [
      'one file for both reports',
      ['--report-json', 'same.out', '--report-junit', './same.out'],
      /--report-json and --report-junit name the same file/,
    ],
    [
      'a 400-digit seed',
      ['--seed', '1'.repeat(400)],
      /--seed: expected an integer from 0 to 4294967295, or 'random'/,
    ],
    ['a negative seed', ['--seed=-3'], /--seed: expected an integer from 0 to 4294967295/],
  ] as [string, string[], RegExp][])(
    'gru.ctor.signature: %s is refused before the run starts (exit 2, one line)',
    async (_what, args, message) => {
      const t0 = performance.now();
      const r = await cli('check', ...args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(existsSync('same.out')).toBe(false);
    },
  );

  it('gru.num.tolerance: --seed random is printed, stored in the report (valid), and replays with --seed <n>', async () => {
    const dir = tempDir();
    const r = await cli(
      'check',
      '--seed',
      'random',
      '--only',
      'numeric.one-step',
      '--runs',
      '5',
      '--report-json',
      join(dir, 'a.json'),
    );
    expect(r.exitCode).toBe(0);
    const seed = Number(/seed (\d+) \(random; replay with --seed \1\)/.exec(r.stdout)![1]);
    const first = readReport(join(dir, 'a.json'));
    expect(first.options).toMatchObject({ seed, seedSource: 'random' });
    await cli(
      'check',
      '--seed',
      String(seed),
      '--only',
      'numeric.one-step',
      '--runs',
      '5',
      '--report-json',
      join(dir, 'b.json'),
    );
    const again = readReport(join(dir, 'b.json'));
    expect(again.options).toMatchObject({ seed, seedSource: 'fixed' });
    expect(again.checks[0].worst).toEqual(first.checks[0].worst);
  });
});
