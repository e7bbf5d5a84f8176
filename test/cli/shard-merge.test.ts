// --shard k/n and merge: n CI jobs together run the whole profile once, and their merged report says what the
// unsharded run says (verdict, summary, clause table, every check's outcome), for a conformant and a faulty GRU.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';

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

/** Runs `jobs` at most two at a time (the machine has two cores, shared). */
async function twoAtATime<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < jobs.length; i = next++) out[i] = await jobs[i]();
  };
  await Promise.all([lane(), lane()]);
  return out;
}

const whole = (name: keyof typeof IMPLS) => join(dir, `${name}-whole.json`);
const part = (name: keyof typeof IMPLS, k: number, n: number) => join(dir, `${name}-${k}of${n}.json`);

describe('gru-conformance check --shard and merge', () => {
  const merged: Record<string, Awaited<ReturnType<typeof cli>>> = {};
  beforeAll(async () => {
    const jobs: (() => Promise<unknown>)[] = [];
    for (const name of Object.keys(IMPLS) as (keyof typeof IMPLS)[]) {
      jobs.push(() => cli('check', IMPLS[name], ...RUN, '--report-json', whole(name)));
      for (const n of COUNTS)
        for (let k = 1; k <= n; k++)
          jobs.push(() =>
            cli('check', IMPLS[name], ...RUN, '--shard', `${k}/${n}`, '--report-json', part(name, k, n)),
          );
    }
    await twoAtATime(jobs);
    for (const name of Object.keys(IMPLS) as (keyof typeof IMPLS)[])
      for (const n of COUNTS) {
        const parts = Array.from({ length: n }, (_, i) => part(name, i + 1, n));
        const out = join(dir, `${name}-merged-${n}.json`);
        merged[`${name}/${n}`] = await cli(
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
      const r = await cli('merge', ...files);
      expect(r.exitCode, files.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^gru-conformance(?: merge)?: /);
      expect(r.stderr).toMatch(message);
    }
  });

  it('gru.num.tolerance: fuzz --shard runs its part of the property checks, and the parts merge', async () => {
    const fuzz = (k: number) =>
      cli(
        'fuzz',
        '--only',
        'numeric.one-step,numeric.sequence,relation.eq',
        '--time',
        '2s',
        '--seed',
        '5',
        '--workers',
        '1',
        '-q',
        '--shard',
        `${k}/2`,
        '--report-json',
        join(dir, `fuzz-${k}.json`),
      );
    const runs = await Promise.all([fuzz(1), fuzz(2)]);
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    const parts = [1, 2].map((k) => read(join(dir, `fuzz-${k}.json`)));
    expect(parts.map((p) => p.checks.map((c) => c.id))).toEqual([
      ['numeric.one-step', 'relation.eq.no-bias'],
      ['numeric.sequence', 'relation.eq.recurrence'],
    ]);
    const r = await cli(
      'merge',
      join(dir, 'fuzz-1.json'),
      join(dir, 'fuzz-2.json'),
      '--report-json',
      join(dir, 'fuzz.json'),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const m = read(join(dir, 'fuzz.json'));
    expect(m.checks.map((c) => c.id)).toEqual([
      'numeric.one-step',
      'numeric.sequence',
      'relation.eq.no-bias',
      'relation.eq.recurrence',
    ]);
    expect(m.verdict).toBe('conformant');
  });

  it('gru.ctor.signature: --shard takes k/n with 1 <= k <= n, and not with --replay', async () => {
    for (const [value, message] of [
      ['0/3', /--shard: k must be from 1 to 3, got '0\/3'/],
      ['4/3', /--shard: k must be from 1 to 3, got '4\/3'/],
      ['2', /--shard: expected k\/n, e\.g\. 2\/4, got '2'/],
      ['1/0', /--shard: n must be at least 1/],
    ] as const) {
      const r = await cli('check', '--shard', value);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const r = await cli('check', '--shard', '1/2', '--replay', 'numeric.one-step:1:0');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--shard and --replay do not go together/);
  });
});
