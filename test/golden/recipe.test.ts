// The recipe generator (harness/cases/golden-recipe.ts) gives the bits the Python generator (golden/recipe.py) gives:
// both are held to the known answers in golden/recipe-vectors.json.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expandRecipe,
  fnv1a32,
  RECIPE_GENERATOR,
  RECIPE_VERSION,
  recipeHashes,
  recipeValues,
  streamKey,
} from '../../harness/cases/golden-recipe.js';
import { GOLDEN_DIR } from '../../harness/paths.js';
import type { DType } from '../../oracle/index.js';

interface Slice {
  seed: number;
  stream: string;
  scale: number;
  dtype: DType;
  start: number;
}
const known = JSON.parse(readFileSync(join(GOLDEN_DIR, 'recipe-vectors.json'), 'utf8')) as {
  generator: string;
  version: number;
  fnv1a32: Record<string, number>;
  vectors: (Slice & { key: number; hashes: number[]; values: number[] })[];
  digest: Slice & { count: number; sha256: string };
};

describe(`recipe generator ${RECIPE_GENERATOR} v${RECIPE_VERSION} against golden/recipe-vectors.json`, () => {
  it('gru.num.tolerance: the known answers are for this generator and version', () => {
    expect([known.generator, known.version]).toEqual([RECIPE_GENERATOR, RECIPE_VERSION]);
  });

  it('gru.num.tolerance: stream names hash as FNV-1a 32', () => {
    for (const [name, hash] of Object.entries(known.fnv1a32)) expect(fnv1a32(name), name).toBe(hash);
  });

  it.each(known.vectors.map((v) => [`${v.seed}/${v.stream}/${v.dtype}@${v.start}`, v] as const))(
    'gru.num.tolerance: slice %s has the committed keys, hashes and values, bit for bit',
    (_name, v) => {
      expect(streamKey(v.seed, v.stream)).toBe(v.key);
      expect([...recipeHashes(v.seed, v.stream, v.hashes.length, v.start)]).toEqual(v.hashes);
      const values = recipeValues(v.seed, v.stream, v.scale, v.dtype, v.values.length, v.start);
      for (const [i, value] of values.entries())
        expect(Object.is(value, v.values[i]), `value ${i}: ${value}`).toBe(true);
    },
  );

  it('gru.num.tolerance: a 400 000-value float32 tensor has the committed sha256 (little-endian float64)', () => {
    const d = known.digest;
    const values = recipeValues(d.seed, d.stream, d.scale, d.dtype, d.count, d.start);
    const bytes = Buffer.alloc(values.length * 8);
    for (const [i, v] of values.entries()) bytes.writeDoubleLE(v, i * 8);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
  });

  it('gru.num.tolerance: values lie in [-scale, scale) and depend only on (seed, stream, index)', () => {
    const all = recipeValues(7, 'input', 0.5, 'float64', 1000);
    expect(all.every((v) => v >= -0.5 && v < 0.5)).toBe(true);
    expect([...recipeValues(7, 'input', 0.5, 'float64', 10, 990)]).toEqual([...all.slice(990)]);
    expect(recipeValues(7, 'hx', 0.5, 'float64', 8)).not.toEqual(all.slice(0, 8));
    expect(recipeValues(8, 'input', 0.5, 'float64', 8)).not.toEqual(all.slice(0, 8));
  });

  it('gru.num.tolerance: an unknown generator or version and a bad seed are refused with the value named', () => {
    const r = { generator: RECIPE_GENERATOR, version: RECIPE_VERSION, seed: 1, stream: 'input', scale: 1 };
    expect(() => expandRecipe({ ...r, version: 2 }, 'float64', 4)).toThrow(/version 2/);
    expect(() => expandRecipe({ ...r, generator: 'mt19937' }, 'float64', 4)).toThrow(/mt19937/);
    expect(() => expandRecipe({ ...r, seed: -1 }, 'float64', 4)).toThrow(/-1/);
    expect(() => expandRecipe({ ...r, scale: Number.NaN }, 'float64', 4)).toThrow(/NaN/);
  });
});
