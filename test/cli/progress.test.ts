// Progress while a run goes: in place on a terminal, plain lines in a log (no carriage return), none with --quiet.
import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../harness/checks/types.js';
import { checkProgress, LOG_INTERVAL_MS, ProgressLine } from '../../harness/cli/progress.js';
import { cli } from '../helpers/cli.js';

/** An outcome of the given status; progress reads only its id, family and status. */
const outcome = (
  id: string,
  family: CheckOutcome['family'],
  status: CheckOutcome['status'],
): CheckOutcome => {
  const base = { id, family, clauses: [], title: id, cases: 1, worst: [], durationMs: 0 };
  if (status === 'pass') return { ...base, status };
  if (status === 'skip') return { ...base, status, skipKind: 'stopped', skipReason: 'stopped' };
  return { ...base, status, failure: { message: status } };
};

describe('progress', () => {
  it('gru.num.tolerance: on a terminal one line is rewritten in place (checks done of the total, the family)', () => {
    const out: string[] = [];
    const p = checkProgress({ isTTY: true, write: (t: string) => out.push(t) }, 3);
    p.onCheck(outcome('golden.a', 'golden', 'pass'));
    p.onCheck(outcome('numeric.b', 'numeric', 'fail'));
    p.end();
    expect(out).toEqual([
      '\rcheck 1/3: golden (golden.a), 0 failed\u001b[K',
      '\rcheck 2/3: numeric (numeric.b), 1 failed\u001b[K',
      '\n',
    ]);
  });

  it('gru.num.tolerance: in a log, plain lines: a new family, the last check, and at most one per interval', () => {
    const out: string[] = [];
    let now = 0;
    const line = new ProgressLine({ isTTY: false, write: (t: string) => out.push(t) }, () => now);
    line.show('a');
    now = 10;
    line.show('b');
    line.show('c', true);
    now = 10 + LOG_INTERVAL_MS;
    line.show('d');
    line.end();
    expect(out).toEqual(['a\n', 'c\n', 'd\n']);
  });

  it('gru.num.tolerance: check writes plain progress lines to stderr when it is not a terminal, none with --quiet', async () => {
    const args = [
      'check',
      '--only',
      'numeric.one-step,relation.eq,error.generated.bias',
      '--runs',
      '3',
      '--workers',
      '1',
    ];
    const r = await cli(...args);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toMatch(/^check 1\/4: numeric \(numeric\.one-step\), 0 failed$/m);
    expect(r.stderr).toMatch(/^check 4\/4: error \(error\.generated\.bias-type\), 0 failed$/m);
    const quiet = await cli(...args, '--quiet');
    expect(quiet.stderr).toBe('');
  });
});
