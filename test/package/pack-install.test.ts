// The package as a user gets it: `npm pack` on a copy of the clone (its prepack builds dist/ from nothing), the
// tarball installed into a fresh project beside vitest, then the CLI on a .js and a .ts implementation and a
// vitest file using gru-conformance/vitest, all from that install. Slow (a build and an install): it runs with
// the heavy tests (vitest.adapters.config.ts, npm run test:package).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'gru-pack-'));
const project = join(work, 'project');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const version = (name: string) =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
/** What issue 13 measured before the package had a `files` list (printed beside today's figures). */
const BEFORE = { files: 624, bytes: 5.4e6 };

/** The environment of a child that is not part of this vitest run (no inherited VITEST_* settings). */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$)/.test(k)),
);
const run = (file: string, args: string[], cwd = project) =>
  execa(file, args, { cwd, env, extendEnv: false, reject: false, all: true });
const npmInstall = (...specs: string[]) =>
  run('npm', ['install', ...specs, '--prefer-offline', '--no-audit', '--no-fund']);
const gruConformance = (...args: string[]) => run('npx', ['gru-conformance', ...args]);

/** A tarball entry: its path inside the package and its size. */
interface Entry {
  path: string;
  size: number;
}
let tarball = '';
let entries: Entry[] = [];
let installLog = '';

/** The clone's tracked and unignored files, as a fresh clone has them (no dist/, no build outputs). */
async function copyOfClone(): Promise<string> {
  const source = join(work, 'source');
  const listed = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  });
  for (const rel of listed.stdout.split('\0').filter(Boolean)) {
    try {
      cpSync(join(ROOT, rel), join(source, rel));
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw e; // deleted in the worktree, not yet committed
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'));
  return source;
}

const GRU_JS = `// A correct implementation for the smoke test: the reference oracle behind the implementation interface.
import { gruForward } from 'gru-conformance/oracle';
export default {
  name: 'oracle (js)',
  forward: (r) => gruForward(r.kwargs, r.parameters, r.input, r.hx),
};
`;
const GRU_TS = `import type { GruRequest, GruResponse, Implementation } from 'gru-conformance';
import { gruForward } from 'gru-conformance/oracle';
const forward = (r: GruRequest): GruResponse => gruForward(r.kwargs, r.parameters, r.input, r.hx);
export default { name: 'oracle (ts)', forward } satisfies Implementation;
`;
const VITEST_FILE = (impl: string) => `import { describeConformance } from 'gru-conformance/vitest';
import impl from '${impl}';
describeConformance(impl, { only: 'numeric.one-step', runs: 20 });
`;
/** One golden beside one property: the CLI verifies every golden's sha256 before it uses any. */
const ONLY = ['--only', 'numeric.one-step,golden.grid-l1-bias-tm-uni-hx-batched-f64'];

beforeAll(async () => {
  const source = await copyOfClone();
  const packed = await run('npm', ['pack', '--pack-destination', work, '--silent'], source);
  expect(packed.exitCode, packed.all).toBe(0);
  tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
  const listing = await execa('tar', ['-tvzf', tarball]);
  entries = listing.stdout.split('\n').map((line) => {
    const fields = line.trim().split(/\s+/);
    return { path: fields.at(-1)!.replace(/^package\//, ''), size: Number(fields[2]) };
  });

  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "my-gru", "private": true, "type": "module" }\n');
  writeFileSync(join(project, 'gru.js'), GRU_JS);
  writeFileSync(join(project, 'gru.ts'), GRU_TS);
  writeFileSync(join(project, 'conformance.test.js'), VITEST_FILE('./gru.js'));
  writeFileSync(
    join(project, 'swapped.test.js'),
    VITEST_FILE('./node_modules/gru-conformance/examples/js/gru-swapped-gates.js'),
  );
  const installed = await npmInstall(tarball, `vitest@${version('vitest')}`);
  installLog = installed.all;
  expect(installed.exitCode, installed.all).toBe(0);
}, 300_000);

describe('the packed tarball, installed into a fresh project', () => {
  it('gru.num.tolerance: holds dist, the spec, every golden the judge reads, the examples, README and LICENSE; no tests, adapters or CI', () => {
    const paths = entries.map((e) => e.path);
    const bytes = (es: Entry[]) => es.reduce((s, e) => s + e.size, 0);
    const isGolden = (p: string) => /^golden\/((cell|packed|grad)\/)?cases\//.test(p);
    const goldens = entries.filter((e) => isGolden(e.path));
    const rest = entries.filter((e) => !isGolden(e.path));
    const size = readFileSync(tarball).length;
    console.log(
      `tarball: ${(size / 1e6).toFixed(2)} MB, ${entries.length} files (before: ${BEFORE.bytes / 1e6} MB, ${BEFORE.files} files); ` +
        `${goldens.length} goldens, ${(bytes(goldens) / 1e6).toFixed(1)} MB unpacked; ` +
        `the other ${rest.length} files ${(bytes(rest) / 1e6).toFixed(2)} MB unpacked`,
    );

    const top = new Set(paths.map((p) => p.split('/')[0]));
    expect([...top].sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist',
      'examples',
      'golden',
      'package.json',
      'spec',
    ]);
    expect(paths.filter((p) => /^(test|adapters|\.ci|scripts)\//.test(p))).toEqual([]);
    expect(paths.filter((p) => /\.map$|\.tsbuildinfo$|\.build-stamp$|(?<!\.d)\.ts$/.test(p))).toEqual([]);
    for (const needed of [
      'dist/harness/cli/main.js',
      'dist/harness/index.d.ts',
      'dist/harness/vitest.js',
      'dist/harness/vitest.d.ts',
      'dist/harness/isolation/typescript-as-module.js',
      'dist/oracle/index.js',
      'spec/clauses.json',
      'spec/report.schema.json',
      'spec/protocol.md',
      'examples/js/gru.js',
    ])
      expect(paths).toContain(needed);
    const files = (dir: string) =>
      (
        JSON.parse(readFileSync(join(ROOT, dir, 'manifest.json'), 'utf8')) as { cases: { file: string }[] }
      ).cases.map((c) => `${dir}/${c.file}`);
    expect(paths).toContain('golden/manifest.json');
    expect(paths).toContain('golden/cell/manifest.json');
    expect(paths).toContain('golden/packed/manifest.json');
    expect(paths).toContain('golden/grad/manifest.json');
    expect(goldens.map((e) => e.path).sort()).toEqual(
      [
        ...files('golden'),
        ...files('golden/cell'),
        ...files('golden/packed'),
        ...files('golden/grad'),
      ].sort(),
    );
    // Everything but the goldens (which are the data, and most of the bytes) is small: 337 files, 2.45 MB with the
    // half-precision and gradient code and the CLI's bundle (its main.js and worker entries, 0.65 MB, beside the
    // modules the package exports; 2026-12-02); the bounds catch a folder shipped by mistake.
    expect(rest.length).toBeLessThan(400);
    expect(bytes(rest)).toBeLessThan(3e6);
  });

  it('gru.num.tolerance: installs with no warning about gru-conformance (no install scripts of its own)', () => {
    expect(installLog).not.toMatch(/gru-conformance@/);
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/gru-conformance/package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(manifest.scripts?.[hook], hook).toBeUndefined();
  });

  it('gru.eq.hidden-update: npx gru-conformance check passes a correct .js implementation (exit 0)', async () => {
    const r = await gruConformance('check', './gru.js', ...ONLY, '--quiet');
    expect(r.all).toMatch(/^Verdict: CONFORMANT/m);
    expect(r.exitCode, r.all).toBe(0);
  });

  it('gru.eq.gate-order: npx gru-conformance check fails the bundled swapped-gates example (exit 1)', async () => {
    const r = await gruConformance(
      'check',
      'node_modules/gru-conformance/examples/js/gru-swapped-gates.js',
      ...ONLY,
    );
    expect(r.all).toMatch(/^Verdict: NOT-CONFORMANT/m);
    expect(r.exitCode, r.all).toBe(1);
  });

  it('gru.eq.hidden-update: a .ts implementation needs tsx: named when missing (exit 2), passes once installed', async () => {
    const without = await gruConformance('check', './gru.ts', ...ONLY, '--quiet');
    expect(without.exitCode, without.all).toBe(2);
    expect(without.all).toContain('gru.ts is TypeScript');
    expect(without.all).toContain('npm install --save-dev tsx');
    expect(without.all).not.toMatch(/^\s+at /m);

    const installed = await npmInstall(`tsx@${version('tsx')}`);
    expect(installed.exitCode, installed.all).toBe(0);
    const r = await gruConformance('check', './gru.ts', ...ONLY, '--quiet');
    expect(r.all).toMatch(/^Verdict: CONFORMANT/m);
    expect(r.exitCode, r.all).toBe(0);
  }, 120_000);

  it('gru.eq.hidden-update: the package types check a TypeScript implementation and a vitest file', async () => {
    writeFileSync(join(project, 'types.test.ts'), VITEST_FILE('./gru.js'));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = await run('node', [
      tsc,
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2023',
      '--allowJs',
      '--typeRoots',
      join(ROOT, 'node_modules/@types'),
      '--types',
      'node',
      'gru.ts',
      'types.test.ts',
    ]);
    expect(r.all).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('gru.eq.hidden-update: a vitest file using gru-conformance/vitest passes a correct implementation and fails a wrong one', async () => {
    const report = join(work, 'vitest.json');
    const pass = await run('npx', [
      'vitest',
      'run',
      'conformance.test.js',
      '--reporter=json',
      `--outputFile=${report}`,
    ]);
    expect(pass.exitCode, pass.all).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    expect(json.numFailedTests).toBe(0);
    expect(json.numPassedTests).toBeGreaterThan(0);

    const fail = await run('npx', ['vitest', 'run', 'swapped.test.js']);
    expect(fail.exitCode, fail.all).toBe(1);
  }, 120_000);
});
