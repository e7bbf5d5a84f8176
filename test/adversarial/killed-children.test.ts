// Issue item 1: when the harness itself kills a protocol child (a junk line, an oversized line, a log line
// before an answer, a grandchild holding stdout open), the run is not conformant and exits 1, never 0.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileChild, readReport, tempDir } from './helpers.js';

// Three goldens: the child misbehaves from the third request on, so the run's last process is one it killed.
const FEW = [
  '--only',
  'golden.grid-l1-bias-tm-uni-hx,golden.grid-l1-bias-tm-uni-nohx-batched',
  '--dtype',
  'float64',
];

describe('a child the harness had to kill', () => {
  it.each([
    ['junk', /not a JSON line: Traceback/],
    ['oversized', /longer than maxLineBytes/],
    ['log-before-answer', /not a JSON line: loading weights/],
    ['grandchild-holds-stdout', /exited with status 3/],
  ])(
    'gru.num.tolerance: check: a child that strikes with %s fails the run with exit 1 and a report',
    async (mode, message) => {
      const dir = tempDir();
      const json = join(dir, 'report.json');
      const r = await hostileChild(mode, dir, ...FEW, '--report-json', json);
      expect(r.exitCode, r.stdout + r.stderr).toBe(1);
      const report = readReport(json);
      expect(report.verdict).toBe('not-conformant');
      const failed = report.checks.filter((c: { status: string }) => c.status === 'fail');
      // the first two requests were answered; every later one met the misbehaving child
      const judged = report.checks.filter((c: { status: string }) => c.status !== 'skip');
      expect(failed.map((c: { id: string }) => c.id)).toEqual(
        judged.slice(2).map((c: { id: string }) => c.id),
      );
      expect(failed[0].failure.message).toMatch(message);
    },
  );

  it.each(['junk', 'grandchild-holds-stdout'])(
    'gru.num.tolerance: fuzz: a child that strikes with %s fails the run with exit 1',
    async (mode) => {
      const dir = tempDir();
      const r = await hostileChild(
        mode,
        dir,
        'fuzz',
        '--time',
        '1s',
        '--only',
        'numeric.one-step',
        '--runs',
        '5',
      );
      expect(r.exitCode, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(/Verdict: NOT-CONFORMANT/);
    },
  );
});
