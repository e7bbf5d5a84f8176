// npm run teeth:matrix: regenerate test/faulty/KILL-MATRIX.md (every fault through the whole default profile,
// one worker thread per core). With --check, compare instead and exit 1 when the file is not current (CI).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { markdownPage } from '../../harness/report/markdown-page.js';
import { renderKillMatrix, runCatalogue } from './kill-matrix.js';

const file = new URL('./KILL-MATRIX.md', import.meta.url);
const t0 = performance.now();
const { kills, base } = await runCatalogue();
const rendered = renderKillMatrix(kills, base);
if (base.verdict !== 'conformant') {
  console.error(`teeth:matrix: the base GRU is ${base.verdict}: every fault's failures are suspect`);
  process.exitCode = 1;
}
// The same tables as a page, in both modes (reports/ is not committed; CI keeps it).
const html = new URL('../../reports/', import.meta.url);
mkdirSync(html, { recursive: true });
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
