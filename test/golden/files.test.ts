// The golden files are well-formed, listed in the manifest with their sha256, and self-consistent.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import { GOLDEN_DIR, SPEC_DIR } from '../../harness/paths.js';
import { numel } from '../../oracle/index.js';

const manifest = loadManifest();
const schema = JSON.parse(readFileSync(join(SPEC_DIR, 'golden.schema.json'), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

describe('golden files', () => {
  it.each(manifest.cases.map((e) => [e.clauses[0], e.id, e] as const))(
    '%s: %s validates against spec/golden.schema.json',
    (_c, _id, entry) => {
      const raw = JSON.parse(readFileSync(join(GOLDEN_DIR, entry.file), 'utf8'));
      const ok = validate(raw);
      expect(validate.errors ?? [], entry.id).toEqual([]);
      expect(ok).toBe(true);
      expect(raw.id).toBe(entry.id);
      const g = loadGolden(entry);
      for (const t of [g.input, g.hx, g.expected.output, g.expected.h_n, ...Object.values(g.parameters)]) {
        if (t) expect(t.data.length, `${entry.id}: data length of [${t.shape}]`).toBe(numel(t.shape));
      }
    },
  );

  it('gru.num.tolerance: every file matches its manifest sha256, and every file is listed', () => {
    const listed = new Set(manifest.cases.map((e) => e.file));
    const onDisk = readdirSync(join(GOLDEN_DIR, 'cases')).map((f) => `cases/${f}`);
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
    const wrong = manifest.cases.filter(
      (e) =>
        createHash('sha256')
          .update(readFileSync(join(GOLDEN_DIR, e.file)))
          .digest('hex') !== e.sha256,
    );
    expect(wrong.map((e) => e.id)).toEqual([]);
  });

  it('gru.num.tolerance: case ids are unique and every error clause has an error golden (GRU, GRUCell, PackedSequence or gradient)', () => {
    const ids = manifest.cases.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The GRUCell, PackedSequence and gradient goldens live in folders of their own (golden/cell, golden/packed,
    // golden/grad).
    const others = ['cell', 'packed', 'grad'].flatMap(
      (dir) =>
        (
          JSON.parse(readFileSync(join(GOLDEN_DIR, dir, 'manifest.json'), 'utf8')) as {
            cases: { kind: string; clauses: string[] }[];
          }
        ).cases,
    );
    const errorClauses = new Set(
      [
        ...manifest.cases.filter((e) => e.kind === 'error'),
        ...others.filter((e) => e.kind.endsWith('-error')),
      ].flatMap((e) => e.clauses),
    );
    const spec = JSON.parse(readFileSync(join(SPEC_DIR, 'clauses.json'), 'utf8')) as {
      clauses: { id: string; kind: string }[];
    };
    const missing = spec.clauses
      .filter((c) => c.kind === 'error' && !errorClauses.has(c.id))
      .map((c) => c.id);
    expect(missing).toEqual([]);
  });
});
