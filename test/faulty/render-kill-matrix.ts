// npm run teeth:matrix: regenerate test/faulty/KILL-MATRIX.md.
import { writeFileSync } from 'node:fs';
import { renderKillMatrix, runCatalogue } from './kill-matrix.js';

writeFileSync(new URL('./KILL-MATRIX.md', import.meta.url), renderKillMatrix(await runCatalogue()));
