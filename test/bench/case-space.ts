// Benchmark figures of the case space: how many calls of the size family each boundary value gets, the
// family's cost, and the size of golden/.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { forwardFlops, SIZE_FACTORS, sizeCases } from '../../harness/case-space/size-cases.js';
import { GOLDEN_DIR } from '../../harness/paths.js';

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

export function caseSpaceFigures(): string[] {
  const cases = sizeCases();
  const lines = [
    `size family: ${cases.length} calls, ${(cases.reduce((n, c) => n + forwardFlops(c), 0) / 1e9).toFixed(1)} GFLOP of forward, the costliest ${(Math.max(...cases.map(forwardFlops)) / 1e6).toFixed(0)} MFLOP`,
  ];
  for (const factor of SIZE_FACTORS.slice(0, 5)) {
    const counts = factor.values.map(
      (v) => cases.filter((c) => c[factor.name as keyof typeof c] === v).length,
    );
    lines.push(
      `  ${factor.name}: ${factor.values.length} boundary values, ${Math.min(...counts)} to ${Math.max(...counts)} calls each`,
    );
  }
  lines.push(`golden/: ${(folderBytes(GOLDEN_DIR) / 2 ** 20).toFixed(1)} MB`);
  return lines;
}
