// Where the package's data lives, from source (tsx, vitest) and from dist/ alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'gru-conformance'
    )
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('gru-conformance: cannot find the package root (package.json)');
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot();
export const GOLDEN_DIR = join(PACKAGE_ROOT, 'golden');
export const SPEC_DIR = join(PACKAGE_ROOT, 'spec');
