// Every usage error of the command line names the problem and the offending value (tested in process; the
// exit status and the one line on stderr are tested end to end in test/cli/cli.test.ts).
import { describe, expect, it } from 'vitest';
import { parseCommon, parseDuration } from '../../harness/cli/args.js';
import { defaultProfile, parseReplay, selectChecks } from '../../harness/profile.js';

describe('command-line arguments', () => {
  it.each([
    [['--runs', 'abc'], /--runs: expected an integer >= 1, got 'abc'/],
    [['--runs', '0'], /--runs: expected an integer >= 1, got '0'/],
    [['--dtype', 'float8'], /--dtype: expected one of float32, float64, float16, bfloat16, got 'float8'/],
    [['--timeout', 'soon'], /--timeout: expected a duration like 500ms, 30s, 2m or 1h, got 'soon'/],
    [['--timeout', '5'], /a bare number has no unit: write 5s or 5ms/],
    [['--budget', '0s'], /--budget: must be at least 1ms, got '0s'/],
    [['--max-timeouts', '0'], /--max-timeouts: expected an integer >= 1, got '0'/],
    [['--workers', 'two'], /--workers: expected an integer >= 1, got 'two'/],
    [['--frobnicate'], /^unknown option --frobnicate; --help lists them$/],
    [['--seeed', '3'], /^unknown option --seeed \(did you mean --seed\?\); --help lists them$/],
    [['--strict-clause'], /did you mean --strict-clauses\?/],
    [['--quiet=yes'], /^--quiet takes no value$/],
    [['--seed'], /^--seed: expected a value after it$/],
    [['a.js', 'b.js'], /check: expected at most one implementation, got a.js b.js/],
    [['a.js', '--cmd', 'x'], /check: give a module path or --cmd, not both/],
    [['--time', '10s'], /--time is an option of fuzz, not check/],
  ])('gru.ctor.signature: check %j is refused', (args, message) => {
    expect(() => parseCommon('check', args as string[])).toThrow(message);
  });

  it.each([
    [[], /fuzz: --time <duration> or --rounds <n> is required, e.g. --time 60s/],
    [['--time', '0s'], /--time: must be at least 1ms, got '0s'/],
    [['--time', '1m', '--budget', '1m'], /--budget is an option of check; fuzz is bounded by --time/],
    [['--time', '1m', '--replay', 'x:1:0'], /--replay is an option of check/],
  ])('gru.ctor.signature: fuzz %j is refused', (args, message) => {
    expect(() => parseCommon('fuzz', args as string[])).toThrow(message);
  });

  it('gru.ctor.signature: durations take ms, s, m and h; defaults are 30 s per request and 1 h per check run', () => {
    expect([
      parseDuration('--t', '500ms'),
      parseDuration('--t', '1.5s'),
      parseDuration('--t', '2m'),
      parseDuration('--t', '1h'),
    ]).toEqual([500, 1500, 120_000, 3_600_000]);
    const o = parseCommon('check', []);
    expect([o.timeoutMs, o.budgetMs, o.maxTimeouts, o.seed, o.seedSource]).toEqual([
      30_000,
      3_600_000,
      3,
      42,
      'fixed',
    ]);
    expect(parseCommon('fuzz', ['--time', '1m']).seedSource).toBe('random');
  });

  it('gru.ctor.signature: a replay token and --only prefixes are checked', () => {
    expect(() => parseReplay('nonsense')).toThrow(
      /--replay: expected <check id>:<seed>:<path>, got 'nonsense'/,
    );
    expect(parseReplay('numeric.one-step:715:0:1')).toEqual({
      checkId: 'numeric.one-step',
      seed: 715,
      path: '0:1',
    });
    const profile = defaultProfile();
    expect(() => selectChecks(profile, { only: 'gru.nothing' })).toThrow(
      /--only: no check or clause starts with 'gru\.nothing'/,
    );
    expect(() => selectChecks(profile, { replayCheckId: 'numeric.nope' })).toThrow(
      /--replay: no check named 'numeric\.nope'/,
    );
    const two = selectChecks(profile, { only: 'numeric.one-step, relation.eq' });
    expect(two.map((c) => c.id).sort()).toEqual([
      'numeric.one-step',
      'relation.eq.no-bias',
      'relation.eq.recurrence',
    ]);
  });
});
