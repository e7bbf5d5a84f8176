// npm run teeth:matrix: regenerate test/faulty/KILL-MATRIX.md (every fault through the whole default profile,
// one worker thread per core). With --check, compare instead and exit 1 when the file is not current (CI).
// Every run keeps its reports in reports/kill-matrix-reports.json (not committed). Locally, --reuse <id,...>
// takes the reports of those faults (or `all-but:<id prefix,...>`: all but those) from that file instead of
// running them again, for a catalogue that only grew; --check never reuses, so CI judges every cell.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { markdownPage } from '../../harness/report/markdown-page.js';
import type { Report } from '../../harness/report/types.js';
import { renderKillMatrix, runCatalogue } from './kill-matrix.js';

const file = new URL('./KILL-MATRIX.md', import.meta.url);
const html = new URL('../../reports/', import.meta.url);
const kept = new URL('kill-matrix-reports.json', html);

/** The reports --reuse names, from the last run's file (none with --check). */
function earlierReports(): Map<string, Report> {
  const at = process.argv.indexOf('--reuse');
  if (at < 0) return new Map();
  if (process.argv.includes('--check')) throw new Error('teeth:matrix: --reuse does not go with --check');
  const spec = process.argv[at + 1] ?? '';
  if (!existsSync(kept))
    throw new Error(`teeth:matrix: --reuse: no earlier run's reports at ${kept.pathname}`);
  const all = new Map(Object.entries(JSON.parse(readFileSync(kept, 'utf8')) as Record<string, Report>));
  const butPrefixes = spec.startsWith('all-but:')
    ? spec
        .slice(8)
        .split(',')
        .filter((p) => p !== '')
    : undefined;
  const wanted = butPrefixes
    ? [...all.keys()].filter((id) => !butPrefixes.some((p) => id.startsWith(p)))
    : spec.split(',');
  const reused = new Map(wanted.filter((id) => all.has(id)).map((id) => [id, all.get(id)!]));
  console.log(`teeth:matrix: reusing ${reused.size} reports of the last run; running the others`);
  return reused;
}

const t0 = performance.now();
// A line every 20 runs, so that a CI log shows the half hour going by.
const { kills, base } = await runCatalogue(undefined, earlierReports(), (done, total) => {
  if (done % 20 === 0 || done === total)
    console.log(`teeth:matrix: ${done} of ${total} run (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
});
const rendered = renderKillMatrix(kills, base);
if (base.verdict !== 'conformant') {
  console.error(`teeth:matrix: the base GRU is ${base.verdict}: every fault's failures are suspect`);
  process.exitCode = 1;
}
// The same tables as a page, in both modes (reports/ is not committed; CI keeps it), and the reports.
mkdirSync(html, { recursive: true });
writeFileSync(
  kept,
  JSON.stringify(
    Object.fromEntries([[base.implementation.name, base], ...kills.map((k) => [k.fault.id, k.report])]),
  ),
);
writeFileSync(new URL('kill-matrix.html', html), markdownPage('Kill matrix', rendered));
const seconds = ((performance.now() - t0) / 1000).toFixed(0);
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== rendered) {
    console.error(
      'teeth:matrix: test/faulty/KILL-MATRIX.md is not current: run npm run teeth:matrix and commit it',
    );
    process.exitCode = 1;
  } else console.log(`teeth:matrix: KILL-MATRIX.md is current (${seconds} s)`);
} else {
  writeFileSync(file, rendered);
  console.log(`teeth:matrix: wrote KILL-MATRIX.md (${seconds} s)`);
}
