// The meta-test: clause ids are well-formed and unique, every active clause is checked somewhere,
// and every clause id that code or tests mention exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUSE_ID, loadClauses } from '../../spec/clauses.js';

const root = join(import.meta.dirname, '..', '..');
const spec = loadClauses();
const ids = new Set(spec.clauses.map((c) => c.id));

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return files(rel, ext);
    return ext.test(name) ? [rel] : [];
  });
}

const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
const ANY_ID = /gru\.[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*/g;
const testFiles = files('test', /\.test\.ts$/);
const codeFiles = [...files('oracle', /\.ts$/), ...files('harness', /\.ts$/), ...testFiles];

/** Clause ids a test evidences: quoted ids in test files (titles and case tables), `also:` lines, and the
 * clause fields of the harness's relation and check records, which the tests run. */
function citedIds(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  const add = (id: string, where: string) => cited.set(id, [...(cited.get(id) ?? []), where]);
  for (const f of testFiles) {
    for (const m of read(f).matchAll(/['"`](gru\.[a-z]+\.[a-z0-9-]+)[:'"`]/g)) add(m[1], f);
    for (const m of read(f).matchAll(/\/\/ also: (.*)/g))
      for (const id of m[1].match(ANY_ID) ?? []) add(id, f);
  }
  for (const f of files('harness', /\.ts$/)) {
    for (const m of read(f).matchAll(/clauses?: \[?'(gru\.[a-z]+\.[a-z0-9-]+)'/g)) add(m[1], f);
  }
  // The GRU goldens (replayed by the harness and test/golden/), the GRUCell and PackedSequence goldens
  // (test/golden/cell.test.ts, test/golden/packed.test.ts) and the gradient goldens (test/golden/grad.test.ts).
  for (const path of [
    'golden/manifest.json',
    'golden/cell/manifest.json',
    'golden/packed/manifest.json',
    'golden/grad/manifest.json',
  ]) {
    const manifest = JSON.parse(read(path)) as { cases: { id: string; clauses: string[] }[] };
    for (const c of manifest.cases) for (const id of c.clauses) add(id, `golden ${c.id}`);
  }
  return cited;
}

describe('spec/clauses.json', () => {
  it('gru.ctor.signature: every clause id is well-formed, in a known area, and unique', () => {
    for (const c of spec.clauses) {
      const m = CLAUSE_ID.exec(c.id);
      expect(m, c.id).not.toBeNull();
      expect(Object.keys(spec.areas), c.id).toContain(m![1]);
    }
    expect(ids.size).toBe(spec.clauses.length);
  });

  it('gru.ctor.signature: every error clause names its exception type and stage', () => {
    for (const c of spec.clauses.filter((c) => c.kind === 'error')) {
      expect(c.error?.type, c.id).toMatch(/^(TypeError|ValueError|RuntimeError)$/);
      expect(['construct', 'forward', 'backward'], c.id).toContain(c.error?.stage);
    }
  });

  it('gru.ctor.signature: every active clause is cited by a test, a harness check or a golden', () => {
    const cited = citedIds();
    const missing = spec.clauses.filter((c) => c.status === 'active' && !cited.has(c.id)).map((c) => c.id);
    expect(missing).toEqual([]);
  });

  it('gru.ctor.signature: every clause id mentioned in code, tests or goldens exists', () => {
    const unknown = new Set<string>();
    for (const f of codeFiles)
      for (const id of read(f).match(ANY_ID) ?? []) if (!ids.has(id)) unknown.add(`${id} in ${f}`);
    for (const [id, where] of citedIds()) if (!ids.has(id)) unknown.add(`${id} in ${where[0]}`);
    expect([...unknown]).toEqual([]);
  });

  it('gru.ctor.signature: every static test title starts with a clause id', () => {
    const bad: string[] = [];
    const title =
      /\b(?:it|test)(?:\.each|\.prop)?\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)\s*)?\(\s*(['"`])(.*?)\1/g;
    for (const f of testFiles) {
      for (const m of read(f).matchAll(title)) {
        const t = m[2];
        if (!/^(gru\.[a-z]+\.[a-z0-9-]+:|%s:|\$\{)/.test(t)) bad.push(`${f}: '${t}'`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('spec/gru.md', () => {
  it('gru.ctor.signature: the prose spec is rendered from the current clause list (npm run spec:docs)', async () => {
    const { renderSpec } = await import('../../spec/render.js');
    expect(read('spec/gru.md')).toBe(renderSpec());
  });
});
