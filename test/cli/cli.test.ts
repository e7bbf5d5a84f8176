// The command line, run as a user runs it: exit codes, reports, replay, usage errors, fuzz and Ctrl-C.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { execa } from 'execa';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { sizeCases } from '../../harness/case-space/size-cases.js';
import { SIZE_PARTS } from '../../harness/checks/sizes.js';
import { COMMAND_HELP, HELP } from '../../harness/cli/help.js';
import { CLI, cli, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gru-cli-'));
const schema = JSON.parse(readFileSync(join(ROOT, 'spec/report.schema.json'), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);
const WRONG = 'examples/js/gru-swapped-gates.js';

describe('gru-conformance check', () => {
  let wrong: Awaited<ReturnType<typeof cli>>;
  const json = join(dir, 'wrong.json');
  const junit = join(dir, 'wrong.xml');
  // The whole runs here are on one thread (--workers 1): the same report as on two (test/cli/workers.test.ts)
  // for a third less CPU, which the test files running beside them need more.
  beforeAll(async () => {
    wrong = await cli('check', WRONG, '--workers', '1', '--report-json', json, '--report-junit', junit);
  });

  // The whole default profile of the bundled example is the README's main job, run by .ci/run after npm test
  // (npm run check); here the size family runs one part in eight, beside everything else.
  it('gru.num.tolerance: with no implementation it checks the bundled example, which is conformant (exit 0)', async () => {
    const r = await cli('check', '--skip', 'numeric.sizes', '--workers', '1', '--quiet');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verdict: CONFORMANT: 0 of \d+ checks failed/);
  });

  it('gru.num.any-size: the bundled example passes a part of the size family', async () => {
    const r = await cli('check', '--only', 'numeric.sizes.1', '--quiet');
    expect(r.exitCode, r.stderr).toBe(0);
    // part 1 holds rows 0, SIZE_PARTS, 2 * SIZE_PARTS, ... of the size cases
    const rows = Math.ceil(sizeCases().length / SIZE_PARTS);
    expect(r.stdout).toMatch(
      new RegExp(`^Verdict: CONFORMANT: 0 of 1 checks failed, 0 skipped, ${rows} cases`),
    );
  });

  it('gru.eq.gate-order: the swapped-gates example fails with the clause, a minimal case, a replay and the diagnosis', () => {
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toMatch(/x numeric\.one-step {2}\[[^\]]*gru\.eq\.gate-order/);
    expect(wrong.stdout).toContain('minimal case: {"input_size":1,"hidden_size":1');
    expect(wrong.stdout).toMatch(
      /replay: gru-conformance check examples\/js\/gru-swapped-gates\.js --replay numeric\.one-step:\d+:[\d:]+/,
    );
    expect(wrong.stdout).toContain('Diagnosis: computes the gate-order-zrn variant');
    expect(wrong.stdout).toMatch(/Verdict: NOT-CONFORMANT/);
  });

  it('gru.eq.gate-order: the README shows this very output (its demo lines appear verbatim)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /\$ npx gru-conformance check examples\/js\/gru-swapped-gates\.js\n([\s\S]*?)```/.exec(
      readme,
    )![1];
    const verbatim = block.split('\n').filter((l) => l.trim() !== '' && !l.includes('...'));
    expect(verbatim.length).toBeGreaterThan(5);
    for (const line of verbatim) expect(wrong.stdout, line).toContain(line);
  });

  it('gru.num.tolerance: the JSON report validates against spec/report.schema.json', () => {
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.verdict).toBe('not-conformant');
    expect(report.clauses.find((c: { id: string }) => c.id === 'gru.eq.gate-order').status).toBe('fail');
  });

  it('gru.num.tolerance: the JUnit report is well-formed XML with one failure per failing check', () => {
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(xml.match(/<failure /g)?.length).toBe(report.summary.failed);
  });

  it('gru.eq.gate-order: --replay re-runs exactly the printed counterexample', async () => {
    const token = /--replay (numeric\.one-step:[\d:]+)/.exec(wrong.stdout)![1];
    const r = await cli('check', WRONG, '--replay', token);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/Verdict: NOT-CONFORMANT: 1 of 1 checks failed, 0 skipped, 1 cases/);
    const minimal = (s: string) => /minimal case: (.*)/.exec(s)![1];
    expect(minimal(r.stdout)).toBe(minimal(wrong.stdout.slice(wrong.stdout.indexOf('x numeric.one-step'))));
    // It says what it replays, with the token's seed, and folds the clauses it does not check into one line.
    const seed = token.split(':')[1];
    expect(r.stdout).toContain(`replaying one case of numeric.one-step (seed ${seed})`);
    expect(r.stdout).toMatch(new RegExp(`; replay ${token.replace(/\./g, '\\.')}; `));
    expect(r.stdout).not.toMatch(/seed 42/);
    expect(r.stdout.match(/not checked by this run/g)).toHaveLength(1);
  });

  it('gru.dir.reverse-time: --only narrows the run to checks of a clause prefix', async () => {
    const r = await cli(
      'check',
      '--only',
      'gru.dir',
      '--runs',
      '10',
      '--dtype',
      'float64',
      '--report-json',
      join(dir, 'only.json'),
    );
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'only.json'), 'utf8'));
    expect(
      report.checks.every((c: { clauses: string[]; id: string }) =>
        c.clauses.some((id) => id.startsWith('gru.dir')),
      ),
    ).toBe(true);
    expect(report.options.dtypes).toEqual(['float64']);
  });

  // Each kind of usage error once end to end (exit 2, one line); every message is tested in test/cli/args.test.ts.
  it.each([
    [['check', '--frobnicate'], /^gru-conformance: unknown option --frobnicate; --help lists them$/],
    [['check', '--seeed', '3'], /unknown option --seeed \(did you mean --seed\?\)/],
    [['check', '--runs', 'abc'], /--runs: expected an integer >= 1, got 'abc'/],
    [['check', 'no-such-module.js'], /implementation module not found: no-such-module\.js/],
    [['check', '--only', 'gru.nothing'], /--only: no check or clause starts with 'gru\.nothing'/],
    [['launch'], /unknown command 'launch'/],
    [['check', '--cmd', 'definitely-not-a-command-xyz'], /--cmd "definitely-not-a-command-xyz"/],
  ])('gru.ctor.signature: bad arguments %j give one line on stderr and exit 2', async (args, message) => {
    const r = await cli(...(args as string[]));
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('gru.ctor.signature: --cmd checks a subprocess (the oracle serving the protocol)', async () => {
    const r = await cli(
      'check',
      '--cmd',
      `node ${CLI} oracle serve`,
      '--only',
      'golden.grid-l2,numeric.layers,relation.',
      '--runs',
      '15',
      '--quiet',
    );
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verdict: CONFORMANT/);
  });
});

describe('gru-conformance fuzz', () => {
  it('gru.num.tolerance: runs until --time is up, prints progress, and writes the report', async () => {
    const report = join(dir, 'fuzz.json');
    // This test is about fuzz's clock, progress and report: two families in one dtype, whose first round fits in
    // 2 s on a loaded 2-core machine (every family in four dtypes takes longer; test/cli/shard-merge.test.ts
    // fuzzes every check of a subset by rounds)
    const r = await cli(
      'fuzz',
      '--time',
      '2s',
      '--only',
      'numeric,relation',
      '--runs',
      '10',
      '--seed',
      '5',
      '--workers',
      '1',
      '--dtype',
      'float32',
      '--report-json',
      report,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/fuzz \d+s of 2s: \d+ cases \(\d+\/s\), 0 failing checks/);
    expect(validate(JSON.parse(readFileSync(report, 'utf8')))).toBe(true);
  });

  it('gru.num.tolerance: Ctrl-C stops a long fuzz, writes the report, and exits 130 with the verdict incomplete', async () => {
    const report = join(dir, 'interrupted.json');
    const child = execa('node', [CLI, 'fuzz', '--time', '10m', '--workers', '1', '--report-json', report], {
      cwd: ROOT,
      reject: false,
    });
    // interrupted once the run is under way (its first progress line), plus time for some checks to finish
    await new Promise<void>((ok) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('fuzz ')) setTimeout(ok, 500);
      });
    });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(130);
    expect(existsSync(report)).toBe(true);
    const written = JSON.parse(readFileSync(report, 'utf8'));
    expect(written.summary.cases).toBeGreaterThan(0);
    expect(written.verdict).toBe('incomplete');
    expect(written.stop).toEqual({ kind: 'signal', signal: 'SIGINT' });
  });
});

describe('help', () => {
  it('gru.ctor.signature: --help lists every option, and the README names the commands and options', async () => {
    const r = await cli('--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(HELP.trimEnd());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const option of HELP.match(/--[a-z-]+/g) ?? []) expect(readme, option).toContain(option);
    for (const command of ['check', 'fuzz', 'oracle serve'])
      expect(readme).toContain(`gru-conformance ${command}`);
  });

  it.each([
    [['check', '--help'], 'check'],
    [['fuzz', '-h'], 'fuzz'],
    [['oracle', 'serve', '--help'], 'oracle serve'],
  ] as const)(
    'gru.ctor.signature: %j prints the help of that subcommand and exits 0',
    async (args, command) => {
      const r = await cli(...args);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(COMMAND_HELP[command].trimEnd());
      expect(r.stdout.startsWith(`gru-conformance ${command}:`)).toBe(true);
    },
  );

  it('gru.ctor.signature: each subcommand lists exactly the options it takes', () => {
    expect(COMMAND_HELP.check).toContain('--budget');
    expect(COMMAND_HELP.check).not.toMatch(/^ {2}--time /m);
    expect(COMMAND_HELP.fuzz).toContain('--time <duration>');
    expect(COMMAND_HELP.fuzz).not.toMatch(/^ {2}--budget /m);
    for (const text of [HELP, ...Object.values(COMMAND_HELP)])
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(110);
  });
});
