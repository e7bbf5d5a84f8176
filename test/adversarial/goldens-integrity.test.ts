// Issue item 10: check verifies every golden against the manifest's sha256 before using it and names the file
// that is wrong; a changed or deleted golden stops the run (exit 2), never silently fails a good implementation.
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { readReport, tempDir } from './helpers.js';

/** A copy of the package as an installer lays it out (dist, spec, golden, examples), to tamper with. */
function packageCopy(): string {
  const dir = tempDir();
  for (const part of ['package.json', 'dist', 'spec', 'golden', 'examples'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'out'));
  return dir;
}

const GOLDEN = 'golden/cases/grid-l1-bias-tm-uni-hx-batched-f64.json';

describe('golden integrity', () => {
  it.each([
    [
      'changed',
      (dir: string) => writeFileSync(join(dir, GOLDEN), '{"tampered": true}\n'),
      /does not match golden\/manifest\.json/,
    ],
    ['deleted', (dir: string) => rmSync(join(dir, GOLDEN)), /is missing/],
  ])(
    'gru.eq.recurrence: a %s golden stops check with exit 2, naming the file, with a report',
    async (_what, tamper, message) => {
      const dir = packageCopy();
      tamper(dir);
      const json = join(dir, 'out', 'r.json');
      const r = await execa('node', [join(dir, 'dist/harness/cli/main.js'), 'check', '--report-json', json], {
        cwd: dir,
        reject: false,
      });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('grid-l1-bias-tm-uni-hx-batched-f64');
      expect(readReport(json).verdict).toBe('incomplete');
    },
  );

  it('gru.packed.pack: a changed PackedSequence golden stops check with exit 2, naming the file and its manifest', async () => {
    const dir = packageCopy();
    const packed = 'golden/packed/cases/packed-unsorted-f32.json';
    writeFileSync(join(dir, packed), '{"tampered": true}\n');
    const json = join(dir, 'out', 'r.json');
    const r = await execa('node', [join(dir, 'dist/harness/cli/main.js'), 'check', '--report-json', json], {
      cwd: dir,
      reject: false,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/packed-unsorted-f32\.json does not match golden\/packed\/manifest\.json/);
    expect(readReport(json).verdict).toBe('incomplete');
  });
});
