// Issue items 4 and 2, in process: a non-finite allowance or ratio is a failure, never a pass; the judge's
// scale ignores non-finite inputs; a harness error or an empty run is incomplete; and only a complete,
// judged, clean run maps to exit status 0.
import { describe, expect, it } from 'vitest';
import type { Check } from '../../harness/checks/types.js';
import { exitStatus } from '../../harness/cli/exit-status.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { compareTensors } from '../../harness/judging/compare.js';
import { conditioningScale, toleranceFor } from '../../harness/judging/tolerance.js';
import { RunGuard } from '../../harness/run-guard.js';
import { buildReport, runChecks } from '../../harness/runner.js';
import { tensor } from '../../oracle/index.js';
import { paramsOf } from '../helpers/build.js';

const t = (data: number[]) => tensor('float64', [data.length], data);
const OPTIONS = { seed: 1, runs: 5, dtypes: ['float64' as const] };

describe('the comparator', () => {
  it.each([
    ['a NaN allowance', toleranceFor('float64', Number.NaN), [0.5], [0.25]],
    ['an infinite allowance', toleranceFor('float64', Number.POSITIVE_INFINITY), [0.5], [1e300]],
    ['NaN where a finite value is expected', toleranceFor('float64', 1), [0.5], [Number.NaN]],
    ['a finite value where NaN is expected', toleranceFor('float64', 1), [Number.NaN], [0.5]],
    [
      '-Infinity where +Infinity is expected',
      toleranceFor('float64', 1),
      [Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY],
    ],
  ])('gru.num.tolerance: %s fails', (_what, tol, expected, actual) => {
    const c = compareTensors('output', t(actual as number[]), t(expected as number[]), tol);
    expect(c.ok).toBe(false);
    expect(c.worst?.ratio).toBe(Number.POSITIVE_INFINITY);
  });

  it('gru.num.tolerance: NaN where NaN is expected and the same infinity where one is expected pass', () => {
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5];
    expect(compareTensors('output', t(values), t(values), toleranceFor('float64', 1)).ok).toBe(true);
  });

  it('gru.num.tolerance: the conditioning scale is finite and ignores NaN and infinities in input, hx and parameters', () => {
    const kwargs = { input_size: 2, hidden_size: 1 };
    const params = paramsOf(kwargs, (name, i) => (name === 'weight_ih_l0' && i === 0 ? Number.NaN : 0.5));
    const input = tensor('float64', [1, 1, 2], [Number.POSITIVE_INFINITY, 2]);
    const hx = tensor('float64', [1, 1, 1], [Number.NEGATIVE_INFINITY]);
    const m = conditioningScale(kwargs, params, input, hx);
    expect(Number.isFinite(m)).toBe(true);
    expect(m).toBeGreaterThanOrEqual(1);
  });
});

describe('completeness and the exit status', () => {
  const throwing: Check = {
    id: 'numeric.throwing',
    family: 'numeric',
    clauses: ['gru.num.tolerance'],
    title: 'a check with a bug',
    run: () => Promise.reject(new Error('bug')),
  };

  it('gru.num.tolerance: a harness error is an error outcome, the run incomplete (exit 2), not a failure of the implementation', async () => {
    const report = await runChecks(oracleImplementation, [throwing], OPTIONS);
    expect(report.checks[0].status).toBe('error');
    expect(report.verdict).toBe('incomplete');
    expect(exitStatus(report)).toBe(2);
  });

  it('gru.num.tolerance: a run with no check outcome at all is incomplete', () => {
    const report = buildReport(oracleImplementation, [], OPTIONS);
    expect(report.verdict).toBe('incomplete');
    expect(exitStatus(report)).toBe(2);
  });

  it('gru.num.tolerance: a hard stop is incomplete even with failures; its signal sets 130 or 143', () => {
    const stop = { kind: 'signal', signal: 'SIGTERM' } as const;
    const report = buildReport(oracleImplementation, [], OPTIONS, { stop });
    expect([report.verdict, exitStatus(report)]).toEqual(['incomplete', 143]);
  });

  it('gru.num.tolerance: three timeouts in a row stop the guard; an answer in between resets the count', () => {
    const guard = new RunGuard({ maxConsecutiveTimeouts: 3 });
    guard.noteTimeout();
    guard.noteTimeout();
    guard.noteAnswer();
    guard.noteTimeout();
    guard.noteTimeout();
    expect(guard.stopped).toBe(false);
    guard.noteTimeout();
    expect(guard.stopReason).toEqual({ kind: 'timeouts', count: 3 });
    expect(guard.aborted).toBe(true);
  });
});
