// The pieces of --dump on their own: the NPY 1.0 encoder against the test's own reader (every shape, every kind
// of double), and check ids made safe folder names, so that no id reaches outside the dump's folder.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../harness/checks/types.js';
import { dumpJson, writeDump } from '../../harness/report/dump.js';
import { safeName } from '../../harness/report/dump-folder.js';
import { encodeNpy } from '../../harness/report/npy.js';
import type { Report } from '../../harness/report/types.js';
import { tensor } from '../../oracle/index.js';
import { decodeNumber, readJson, readNpy, sameValues } from '../helpers/dump-files.js';

describe('npy', () => {
  const SPECIAL = [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    0,
    2 ** -1074,
    -1.5e308,
  ];

  it.each([[[]], [[0]], [[7]], [[2, 0, 5]], [[1, 7]], [[1, 1, 1, 7]]])(
    'gru.num.signed-zero-subnormal: shape %j is written with its values bit for bit, the data at a multiple of 64',
    (shape) => {
      const count = shape.reduce((a, b) => a * b, 1);
      const data = Float64Array.from({ length: count }, (_, i) => SPECIAL[i % SPECIAL.length]);
      const npy = readNpy(Buffer.from(encodeNpy(shape, data)));
      expect(npy).toMatchObject({ descr: '<f8', fortranOrder: false, shape });
      expect(npy.dataOffset % 64).toBe(0);
      expect(sameValues(npy.data, data)).toBe(true);
    },
  );

  it('gru.num.tolerance: a shape that does not hold the values is refused, naming both', () => {
    expect(() => encodeNpy([2, 3], new Float64Array(5))).toThrow(/shape \[2, 3\] holds 6 values, got 5/);
    expect(() => encodeNpy([-1], new Float64Array(0))).toThrow(/not a list of non-negative integers/);
  });

  it('gru.num.nan-propagation: JSON holds NaN, the infinities and -0 as strings, every other double as itself', () => {
    const text = dumpJson({ data: Float64Array.from(SPECIAL), x: -0, y: 0.1 });
    const back = JSON.parse(text);
    expect(back.data.slice(0, 4)).toEqual(['NaN', 'Infinity', '-Infinity', '-0']);
    expect(sameValues(back.data.map(decodeNumber), SPECIAL)).toBe(true);
    expect(back.x).toBe('-0');
    expect(back.y).toBe(0.1);
    expect(text).toContain('"data": ["NaN", "Infinity", "-Infinity", "-0", 0, 5e-324, -1.5e+308]');
  });
});

describe('dump folder names', () => {
  it.each([
    ['../../etc/passwd', '__.._etc_passwd'],
    ['/abs/path', '_abs_path'],
    ['a\\b', 'a_b'],
    ['.hidden', '_hidden'],
    ['..', '_'],
    ['CON', '_CON'],
    ['golden.edge-batch-1-f32', 'golden.edge-batch-1-f32'],
    ['', '_'],
  ])('gru.ctor.signature: check id %j is the folder name %j', (id, name) => {
    expect(safeName(id)).toBe(name);
  });

  it('gru.ctor.signature: every failing check gets its own folder inside the dump, whatever its id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gru-dump-names-'));
    const ids = ['../escape', '/abs/x', 'a/b', '.hidden', 'CON', 'x'.repeat(300), 'Same', 'same', 'a_b'];
    writeDump(dir, fakeReport(ids), { command: 'gru-conformance check x.js' });
    const folders = readdirSync(dir).filter((f) => f !== 'index.json');
    expect(folders).toHaveLength(ids.length);
    expect(new Set(folders.map((f) => f.toLowerCase())).size).toBe(ids.length);
    const listed = readJson(join(dir, 'index.json')).dumps as { check: string; path: string }[];
    expect(listed.map((d) => d.check)).toEqual(ids);
    for (const d of listed) {
      expect(d.path).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*\/case\.json$/);
      expect(readJson(join(dir, d.path)).check.id).toBe(d.check);
      const npy = readNpy(readFileSync(join(dir, d.path.replace('case.json', 'expected.output.npy'))));
      expect(Array.from(npy.data)).toEqual([1, 2]);
    }
  });
});

/** A report whose checks (these ids) failed, each with a small evidence. */
function fakeReport(ids: string[]): Report {
  const t = tensor('float64', [2], [1, 2]);
  const checks = ids.map(
    (id): CheckOutcome => ({
      id,
      family: 'numeric',
      clauses: ['gru.num.tolerance'],
      title: id,
      status: 'fail',
      cases: 1,
      worst: [],
      durationMs: 0,
      failure: {
        message: 'wrong',
        evidence: {
          kind: 'values',
          calls: [],
          compared: [{ what: 'output', expected: t, actual: t, allowance: t }],
        },
      },
    }),
  );
  return {
    implementation: { name: 'fake' },
    suite: { name: 'gru-conformance', version: '0', goldenTorch: '0' },
    options: { seed: 1, seedSource: 'fixed', runs: 1, dtypes: ['float64'], strictClauses: false },
    verdict: 'not-conformant',
    checks,
  } as unknown as Report;
}
