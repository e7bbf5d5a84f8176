// Builds dist/ (tsconfig.build.json), the JavaScript that the CLI and the package's exports run.
//   node scripts/build-dist.mjs           when a source file is newer than the last build (npm run check, npm test)
//   node scripts/build-dist.mjs --clean   from nothing, without source maps (prepack: what a tarball ships)
// Plain JavaScript, so that it runs before anything is built.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
/** Written after each incremental build: tsc leaves unchanged outputs untouched, so their times say nothing. */
const STAMP = join(ROOT, 'dist/.build-stamp');
const SOURCES = ['oracle', 'harness', 'spec', 'examples/js'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|js|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const tsc = (...args) =>
  execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });

/**
 * The CLI as one module: its entry and the worker threads it starts, each bundled from the sources with its own
 * code inlined (packages stay imports), written over tsc's dist/harness/cli/main.js with the workers beside it,
 * where the bundle's startWorker and register() look for them. A CLI start then reads a few files instead of
 * about 170. The other dist/ modules stay as tsc wrote them, for the package's exports.
 */
function bundleCli() {
  const out = join(ROOT, 'dist/harness/cli');
  createRequire(import.meta.url)('esbuild').buildSync({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'harness/cli/main.ts',
      'worker-entry': 'harness/isolation/worker-entry.ts',
      'check-worker': 'harness/parallel/check-worker.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: out,
    logLevel: 'warning',
  });
  copyFileSync(join(ROOT, 'harness/isolation/typescript-as-module.js'), join(out, 'typescript-as-module.js'));
}

/** Rebuilds dist/ incrementally when a source is newer than the last build; returns whether it built. */
export function buildIfStale() {
  const sources = Math.max(...SOURCES.map((d) => newestSource(join(ROOT, d))));
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources) return false;
  tsc('--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo');
  bundleCli();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return true;
}

/** dist/ from nothing, so that no output of a deleted source ships; no source maps (the sources do not ship). */
export function buildClean() {
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  tsc('--sourceMap', 'false');
  bundleCli();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--clean')) buildClean();
  else buildIfStale();
}
