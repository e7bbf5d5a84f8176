// Regenerates adapters/CONFORMANCE-MATRIX.md: the default profile run on every implementation in ENTRIES (the
// adapters of adapters/, the examples).
// Run: npm run matrix (needs `npm ci --prefix adapters` and uv for the Python rows).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../../harness/cases/goldens.js';
import { defaultProfile, runChecks, SUITE_VERSION, selectChecks } from '../../harness/index.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { markdownPage } from '../../harness/report/markdown-page.js';
import { CI_SEED, DEFAULT_RUNS } from '../../harness/run-defaults.js';
import { DTYPES } from '../../oracle/index.js';
import { ENTRIES, type MatrixEntry, openEntry } from './implementations.js';
import { type MatrixRow, renderMatrix } from './markdown.js';
import { summarize } from './summary.js';

const SEED = CI_SEED;
const RUNS = DEFAULT_RUNS;
const OUT = join(PACKAGE_ROOT, 'adapters', 'CONFORMANCE-MATRIX.md');
const HTML_DIR = join(PACKAGE_ROOT, 'reports');

async function row(entry: MatrixEntry): Promise<MatrixRow> {
  let impl: Awaited<ReturnType<typeof openEntry>>;
  try {
    impl = await openEntry(entry);
  } catch (e) {
    return { entry, notRun: (e as Error).message.split('\n')[0] };
  }
  try {
    const report = await runChecks(impl, selectChecks(defaultProfile(), { skip: entry.skip }), {
      seed: SEED,
      runs: RUNS,
      dtypes: [...DTYPES],
    });
    return { entry, summary: summarize(report) };
  } finally {
    await impl.close?.();
  }
}

const rows: MatrixRow[] = [];
for (const entry of ENTRIES) {
  const r = await row(entry);
  console.log(`${entry.label}: ${'notRun' in r ? `not run: ${r.notRun}` : r.summary.verdict}`);
  rows.push(r);
}
const meta = {
  command: 'npm run matrix',
  seed: SEED,
  runs: RUNS,
  suiteVersion: SUITE_VERSION,
  goldenTorch: loadManifest().torch,
};
const markdown = `${renderMatrix(rows, meta)}\n`;
writeFileSync(OUT, markdown);
// The same tables as a page (reports/ is not committed; CI keeps it).
mkdirSync(HTML_DIR, { recursive: true });
writeFileSync(join(HTML_DIR, 'conformance-matrix.html'), markdownPage('GRU conformance matrix', markdown));
console.log(`wrote ${OUT}`);
