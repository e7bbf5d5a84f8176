// --shard k/n and merge: n CI jobs together run the whole profile once (check: its checks; fuzz --rounds: its
// rounds), and their merged report says what the unsharded run says (verdict, summary, clause table, every check's
// outcome and cases), for a conformant and a faulty GRU. The 36 runs compared and their merges are made in this
// process (the commands' own code, test/helpers/cli-in-process.ts); a merge with a shard missing and the
// time-bounded fuzz shards run as spawned CLIs, and test/ci/workflow.test.ts runs CI's shard and merge jobs as
// written.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { type InProcessRun, runInProcess } from '../helpers/cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'gru-shard-'));
const schema = JSON.parse(readFileSync(join(ROOT, 'spec/report.schema.json'), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);
// A fast part of the profile with every family in it, goldens too (their blame is narrowed across shards).
const SUBSET = [
  '--only',
  'numeric,relation,init,error.generated,golden.edge-batch',
  '--skip',
  'numeric.sizes',
];
const RUN = [...SUBSET, '--runs', '4', '--workers', '1', '--quiet'];
const IMPLS = { faulty: 'examples/js/gru-swapped-gates.js', example: 'examples/js/gru.js' } as const;
const COUNTS = [1, 3, 4];

type Json = Record<string, unknown> & { checks: Record<string, unknown>[]; options: Record<string, unknown> };
const read = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
/** A report without what differs from run to run (timings) and what a shard records of itself. */
function comparable(r: Json) {
  const { durationMs: _d, checks, options, ...rest } = r;
  const { shard: _s, ...opts } = options;
  return { ...rest, options: opts, checks: checks.map(({ durationMs: _t, ...c }) => c) };
}

const whole = (name: keyof typeof IMPLS) => join(dir, `${name}-whole.json`);
const part = (name: keyof typeof IMPLS, k: number, n: number) => join(dir, `${name}-${k}of${n}.json`);

describe('gru-conformance check --shard and merge', () => {
  const merged: Record<string, InProcessRun> = {};
  beforeAll(async () => {
    const jobs: (() => Promise<unknown>)[] = [];
    for (const name of Object.keys(IMPLS) as (keyof typeof IMPLS)[]) {
      jobs.push(() => runInProcess('check', IMPLS[name], ...RUN, '--report-json', whole(name)));
      for (const n of COUNTS)
        for (let k = 1; k <= n; k++)
          jobs.push(() =>
            runInProcess(
              'check',
              IMPLS[name],
              ...RUN,
              '--shard',
              `${k}/${n}`,
              '--report-json',
              part(name, k, n),
            ),
          );
    }
    for (const job of jobs) await job();
    for (const name of Object.keys(IMPLS) as (keyof typeof IMPLS)[])
      for (const n of COUNTS) {
        const parts = Array.from({ length: n }, (_, i) => part(name, i + 1, n));
        const out = join(dir, `${name}-merged-${n}.json`);
        merged[`${name}/${n}`] = await runInProcess(
          'merge',
          ...parts.reverse(),
          '--report-json',
          out,
          '--report-junit',
          join(dir, `${name}-merged-${n}.xml`),
          ...(n === 3 ? ['--report-html', join(dir, `${name}-merged.html`)] : []),
        );
      }
  }, 600_000);

  it.each(COUNTS.flatMap((n) => [['example', n] as const, ['faulty', n] as const]))(
    'gru.num.tolerance: %s in %i shards merges to the unsharded report (verdict, summary, clauses, each check)',
    (name, n) => {
      const r = merged[`${name}/${n}`];
      const w = read(whole(name));
      const m = read(join(dir, `${name}-merged-${n}.json`));
      expect(w.verdict).toBe(name === 'faulty' ? 'not-conformant' : 'conformant');
      expect(r.exitCode, r.stderr).toBe(name === 'faulty' ? 1 : 0);
      expect(m.verdict).toBe(w.verdict);
      expect(m.summary).toEqual(w.summary);
      expect(m.clauses).toEqual(w.clauses);
      expect(comparable(m)).toEqual(comparable(w));
      expect(m.options.shard).toBeUndefined();
      expect(validate(m) ? [] : validate.errors).toEqual([]);
    },
  );

  it('gru.eq.gate-order: merge writes the HTML report of the whole run, the failures with their heat maps', () => {
    const html = readFileSync(join(dir, 'faulty-merged.html'), 'utf8');
    expect(html).toContain('>NOT-CONFORMANT</span>');
    expect(html).toMatch(/<div class="plot heatmap"><svg/);
    expect(readFileSync(join(dir, 'example-merged.html'), 'utf8')).toContain('>CONFORMANT</span>');
  });

  it('gru.eq.gate-order: each shard runs its every-n-th part, records it, and the parts cover the run once', () => {
    const w = read(whole('faulty'));
    const ids = [1, 2, 3, 4].map((k) => read(part('faulty', k, 4)).checks.map((c) => c.id));
    expect(ids.flat().sort()).toEqual(w.checks.map((c) => c.id).sort());
    expect(ids[1]).toEqual(w.checks.filter((_, i) => i % 4 === 1).map((c) => c.id));
    const p = read(part('faulty', 2, 4));
    expect(p.options.shard).toEqual({ index: 2, count: 4, total: w.checks.length });
    expect(validate(p) ? [] : validate.errors).toEqual([]);
  });

  it('gru.eq.gate-order: a missing shard makes the merge incomplete (exit 2), never conformant', async () => {
    for (const name of ['example', 'faulty'] as const) {
      const r = await cli(
        'merge',
        part(name, 1, 3),
        part(name, 3, 3),
        '--report-json',
        join(dir, 'gap.json'),
      );
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('shard 2/3 missing: the merged run is incomplete');
      const m = read(join(dir, 'gap.json'));
      expect(m.verdict).toBe('incomplete');
      expect(m.incomplete).toContainEqual(
        expect.stringMatching(/^shard 2\/3 is missing: its \d+ checks were not run$/),
      );
    }
  });

  it('gru.eq.gate-order: reports of different runs, a shard twice, or no report are refused with the reason', async () => {
    const other = join(dir, 'other-seed.json');
    const changed = read(part('faulty', 2, 3));
    changed.options.seed = 7;
    writeFileSync(other, JSON.stringify(changed));
    const cases: [string[], RegExp][] = [
      [[part('faulty', 1, 3), other], /options\.seed differs \(7 vs 42\)/],
      [[part('faulty', 1, 3), part('example', 2, 3)], /implementation differs/],
      [[part('faulty', 1, 3), part('faulty', 2, 4)], /shard count differs \(4 vs 3\)/],
      [[part('faulty', 1, 3), part('faulty', 1, 3)], /shard 1\/3 is given twice/],
      [[join(dir, 'nope.json')], /nope\.json: no such file/],
      [[join(ROOT, 'package.json')], /not a gru-conformance report/],
      [[], /expected the JSON reports of the shards/],
    ];
    for (const [files, message] of cases) {
      // a usage error is thrown (main.ts prints it as one line, exit 2); a refused report is the command's exit 2
      const r = await runInProcess('merge', ...files).catch((e: Error) => ({
        exitCode: 2,
        stderr: `gru-conformance: ${e.message}`,
      }));
      expect(r.exitCode, files.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^gru-conformance(?: merge)?: /);
      expect(r.stderr).toMatch(message);
    }
  });

  // Usage errors are thrown by the argument parser before anything runs; main.ts turns any of them into one
  // stderr line and exit 2 (test/cli/cli.test.ts shows that on a spawned CLI).
  it('gru.ctor.signature: --shard takes k/n with 1 <= k <= n, and not with --replay', async () => {
    for (const [value, message] of [
      ['0/3', /--shard: k must be from 1 to 3, got '0\/3'/],
      ['4/3', /--shard: k must be from 1 to 3, got '4\/3'/],
      ['2', /--shard: expected k\/n, e\.g\. 2\/4, got '2'/],
      ['1/0', /--shard: n must be at least 1/],
    ] as const) {
      await expect(runInProcess('check', '--shard', value)).rejects.toThrow(message);
    }
    await expect(runInProcess('check', '--shard', '1/2', '--replay', 'numeric.one-step:1:0')).rejects.toThrow(
      /--shard and --replay do not go together/,
    );
  });
});

describe('gru-conformance fuzz --shard and merge', () => {
  // The seeded checks of the check part's subset, few cases each: four rounds of seeds 5, 6, 7, 8.
  const FUZZ = [...SUBSET, '--rounds', '4', '--runs', '3', '--seed', '5', '--workers', '1', '-q'];
  const fuzzWhole = (name: keyof typeof IMPLS) => join(dir, `fuzz-${name}-whole.json`);
  const fuzzPart = (name: keyof typeof IMPLS, k: number, n: number) =>
    join(dir, `fuzz-${name}-${k}of${n}.json`);
  const fuzzMerged = (name: keyof typeof IMPLS, n: number) => join(dir, `fuzz-${name}-merged-${n}.json`);
  const exits: Record<string, number | undefined> = {};
  beforeAll(async () => {
    const jobs: (() => Promise<unknown>)[] = [];
    for (const name of Object.keys(IMPLS) as (keyof typeof IMPLS)[]) {
      jobs.push(() => runInProcess('fuzz', IMPLS[name], ...FUZZ, '--report-json', fuzzWhole(name)));
      for (const n of COUNTS)
        for (let k = 1; k <= n; k++)
          jobs.push(() =>
            runInProcess(
              'fuzz',
              IMPLS[name],
              ...FUZZ,
              '--shard',
              `${k}/${n}`,
              '--report-json',
              fuzzPart(name, k, n),
            ),
          );
    }
    for (const job of jobs) await job();
    for (const name of Object.keys(IMPLS) as (keyof typeof IMPLS)[])
      for (const n of COUNTS) {
        const parts = Array.from({ length: n }, (_, i) => fuzzPart(name, i + 1, n));
        const r = await runInProcess('merge', ...parts.reverse(), '--report-json', fuzzMerged(name, n), '-q');
        exits[`${name}/${n}`] = r.exitCode;
      }
  }, 600_000);

  it.each(COUNTS.flatMap((n) => [['example', n] as const, ['faulty', n] as const]))(
    'gru.num.tolerance: fuzz --rounds of %s in %i shards merges to the unsharded run (verdict, rounds, each check and its cases)',
    (name, n) => {
      const w = read(fuzzWhole(name));
      const m = read(fuzzMerged(name, n));
      expect(w.verdict).toBe(name === 'faulty' ? 'not-conformant' : 'conformant');
      expect(exits[`${name}/${n}`]).toBe(name === 'faulty' ? 1 : 0);
      expect(w.rounds).toEqual([0, 1, 2, 3]);
      expect(m.rounds).toEqual(w.rounds);
      expect(m.summary).toEqual(w.summary);
      expect(comparable(m)).toEqual(comparable(w));
      expect(validate(m) ? [] : validate.errors).toEqual([]);
    },
  );

  it('gru.eq.gate-order: each fuzz shard runs every check in its own rounds; together each round once', () => {
    for (const name of Object.keys(IMPLS) as (keyof typeof IMPLS)[]) {
      const w = read(fuzzWhole(name));
      const ids = w.checks.map((c) => c.id);
      for (const n of COUNTS) {
        const parts = Array.from({ length: n }, (_, i) => read(fuzzPart(name, i + 1, n)));
        parts.forEach((p, i) => {
          expect(p.checks.map((c) => c.id)).toEqual(ids);
          expect(p.rounds).toEqual([0, 1, 2, 3].filter((r) => r % n === i));
          expect(p.options.shard).toEqual({ index: i + 1, count: n, total: ids.length, partition: 'rounds' });
          expect(validate(p) ? [] : validate.errors).toEqual([]);
        });
        // The cases each check ran, shard by shard, add up to the unsharded run's.
        for (const [j, c] of w.checks.entries())
          expect(
            parts.reduce((t, p) => t + (p.checks[j].cases as number), 0),
            `${name} ${n} ${c.id}`,
          ).toBe(c.cases);
      }
    }
    // With --rounds a check that failed keeps being fuzzed: every one of the four shards ran it, and the failure
    // kept is that of the round that found it first.
    const failing = read(fuzzWhole('faulty')).checks.filter((c) => c.status === 'fail');
    expect(failing.length).toBeGreaterThan(5);
    const quarters = [1, 2, 3, 4].map((k) => read(fuzzPart('faulty', k, 4)));
    for (const c of failing) {
      const mine = quarters.map((p) => p.checks.find((x) => x.id === c.id)!);
      expect(mine.every((x) => (x.cases as number) > 0)).toBe(true);
      const firstFailing = mine.findIndex((x) => x.status === 'fail');
      expect((c.failure as { round: number }).round).toBe(firstFailing);
      expect(c.round).toBe(firstFailing);
    }
  });

  it('gru.eq.gate-order: a missing fuzz shard makes the merge incomplete, naming the rounds not run', async () => {
    const gap = join(dir, 'fuzz-gap.json');
    const r = await cli('merge', fuzzPart('faulty', 1, 3), fuzzPart('faulty', 3, 3), '--report-json', gap);
    expect(r.exitCode).toBe(2);
    const m = read(gap);
    expect(m.verdict).toBe('incomplete');
    expect(m.incomplete).toContain('shard 2/3 is missing: its rounds (1, 4, ...) were not run');
    expect(m.rounds).toEqual([0, 2, 3]);
  });

  it('gru.num.tolerance: fuzz --time shards fuzz disjoint rounds of every check, and merge', async () => {
    const fuzz = (k: number) =>
      cli(
        'fuzz',
        '--only',
        'numeric.one-step,relation.eq',
        '--time',
        '1s',
        '--seed',
        '5',
        '--workers',
        '1',
        '-q',
        '--shard',
        `${k}/2`,
        '--report-json',
        join(dir, `fuzz-time-${k}.json`),
      );
    const runs = await Promise.all([fuzz(1), fuzz(2)]);
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    const parts = [1, 2].map((k) => read(join(dir, `fuzz-time-${k}.json`)));
    for (const [i, p] of parts.entries()) {
      expect(p.checks.map((c) => c.id)).toEqual([
        'numeric.one-step',
        'relation.eq.no-bias',
        'relation.eq.recurrence',
      ]);
      const rounds = p.rounds as number[];
      expect(rounds.length).toBeGreaterThan(0);
      expect(rounds.every((r) => r % 2 === i)).toBe(true);
    }
    const r = await cli(
      'merge',
      ...[1, 2].map((k) => join(dir, `fuzz-time-${k}.json`)),
      '--report-json',
      join(dir, 'fuzz-time.json'),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const m = read(join(dir, 'fuzz-time.json'));
    expect(m.verdict).toBe('conformant');
    expect(m.rounds).toEqual(
      [...(parts[0].rounds as number[]), ...(parts[1].rounds as number[])].sort((a, b) => a - b),
    );
    const cases = (r: Json) => (r.summary as { cases: number }).cases;
    expect(m.summary).toMatchObject({ checks: 3, cases: cases(parts[0]) + cases(parts[1]) });
  });

  it('gru.ctor.signature: fuzz needs --time or --rounds, --rounds at least n shards, and check takes no --rounds', async () => {
    for (const [args, message] of [
      [['fuzz', '--shard', '1/5', '--rounds', '4'], /some shards would have no round to run/],
      [['fuzz', '--runs', '3'], /fuzz: --time <duration> or --rounds <n> is required/],
      [['check', '--rounds', '2'], /--rounds is an option of fuzz, not check/],
      [['fuzz', '--rounds', '0'], /--rounds: expected an integer >= 1, got '0'/],
    ] as const) {
      const [command, ...rest] = args;
      await expect(runInProcess(command, ...rest), args.join(' ')).rejects.toThrow(message);
    }
  });
});
