// Issue item 7: SIGINT and SIGTERM during check and fuzz write the reports with the verdict incomplete and exit
// 130 / 143, and no implementation process outlives the harness, not even one that ignores SIGTERM in a session
// of its own.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWith } from '../helpers/cli.js';
import { gone, HOSTILE_CHILD, IN_PROCESS, readReport, tempDir } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `ready()` holds (polled), so a loaded machine does not send the signal before the run started. */
async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Collects a child's stdout and stderr as text, as it comes. */
function transcript(child: ReturnType<typeof cliWith>): () => string {
  let text = '';
  child.stdout?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return () => text;
}

describe('signals', () => {
  it.each([
    ['SIGINT', 'check', 130],
    ['SIGTERM', 'check', 143],
    ['SIGTERM', 'fuzz', 143],
  ] as const)(
    'gru.num.tolerance: %s during %s writes the reports (incomplete) and exits %i',
    async (signal, command, code) => {
      const dir = tempDir();
      const [json, junit] = [join(dir, 'r.json'), join(dir, 'r.xml')];
      const extra = command === 'fuzz' ? ['--time', '10m'] : ['--runs', '100000'];
      const child = cliWith(
        { env: { GRU_HOSTILE: 'slow' } },
        command,
        IN_PROCESS,
        ...extra,
        '--report-json',
        json,
        '--report-junit',
        junit,
      );
      const seen = transcript(child);
      // The run is running cases: its first progress line is out.
      await until(() => /^(check \d+\/\d+|fuzz \d+s of)/m.test(seen()), 'the first progress line');
      child.kill(signal);
      const r = await child;
      expect(r.exitCode, r.stderr).toBe(code);
      const report = readReport(json);
      expect(report.verdict).toBe('incomplete');
      expect(report.stop).toEqual({ kind: 'signal', signal });
      expect(readFileSync(junit, 'utf8')).toContain('type="incomplete"');
    },
  );

  it('gru.num.tolerance: after SIGTERM, a child that ignores SIGTERM and its grandchild in a session of its own are gone', async () => {
    const dir = tempDir();
    const json = join(dir, 'r.json');
    const child = cliWith(
      {},
      'check',
      '--cmd',
      `node ${HOSTILE_CHILD} setsid-ignore-term ${dir}`,
      '--runs',
      '100000',
      '--workers',
      '2',
      '--report-json',
      json,
    );
    const pidFile = join(dir, 'pids');
    const readPids = () =>
      existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
    const seen = transcript(child);
    // a child and a grandchild for each of the 2 check threads
    await until(() => /gru-conformance \d/.test(seen()) && readPids().length >= 4, 'the children to start');
    const pids = readPids();
    expect(pids.length % 2).toBe(0);
    for (const pid of pids) process.kill(pid, 0); // alive before
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(143);
    expect(readReport(json).verdict).toBe('incomplete');
    for (const pid of pids) expect(await gone(pid), `pid ${pid}`).toBe(true);
  });
});
