// The recipe generator hash32-uniform, version 1: a golden tensor's values from (seed, stream, index).
// The Python twin is golden/recipe.py (its docstring states the algorithm); golden/recipe-vectors.json pins
// both bit for bit (test/golden/recipe.test.ts here). All words are unsigned 32-bit, wrapping modulo 2^32.
import { type DType, roundToDtype } from '../../oracle/index.js';

export const RECIPE_GENERATOR = 'hash32-uniform';
export const RECIPE_VERSION = 1;

/** A tensor stored as the recipe that makes it (spec/golden.schema.json, `recipe`). */
export interface Recipe {
  generator: string;
  version: number;
  seed: number;
  stream: string;
  scale: number;
}

/** MurmurHash3's 32-bit finaliser. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a (32-bit) of the stream name's UTF-8 bytes. */
export function fnv1a32(stream: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(stream)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** key = fmix32(seed ^ fnv1a32(stream)) */
export function streamKey(seed: number, stream: string): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`recipe seed must be an integer in [0, 2^32), got ${seed}`);
  return fmix32((seed ^ fnv1a32(stream)) >>> 0);
}

/** h_i = fmix32(fmix32(i + key) ^ key) for i = start .. start + count - 1. */
export function recipeHashes(seed: number, stream: string, count: number, start = 0): Uint32Array {
  checkRange(start, count);
  const key = streamKey(seed, stream);
  const out = new Uint32Array(count);
  for (let k = 0; k < count; k++) out[k] = fmix32((fmix32((start + k + key) >>> 0) ^ key) >>> 0);
  return out;
}

/**
 * value_i = (h_i - 2^31) / 2^31 * scale: the quotient is exact, the product rounds once to float64;
 * a float32 tensor rounds that double once more, to nearest (ties to even).
 */
export function recipeValues(
  seed: number,
  stream: string,
  scale: number,
  dtype: DType,
  count: number,
  start = 0,
): Float64Array {
  const h = recipeHashes(seed, stream, count, start);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const v = ((h[k] - 2 ** 31) / 2 ** 31) * scale;
    out[k] = roundToDtype(dtype, v);
  }
  return out;
}

/** The count values a stored recipe stands for; an unknown generator or version is an error. */
export function expandRecipe(recipe: Recipe, dtype: DType, count: number): Float64Array {
  if (recipe.generator !== RECIPE_GENERATOR || recipe.version !== RECIPE_VERSION) {
    throw new Error(
      `unknown recipe generator '${recipe.generator}' version ${recipe.version} (this harness expands ${RECIPE_GENERATOR} version ${RECIPE_VERSION})`,
    );
  }
  if (typeof recipe.scale !== 'number' || !Number.isFinite(recipe.scale))
    throw new Error(`recipe scale must be a finite number, got ${recipe.scale}`);
  return recipeValues(recipe.seed, recipe.stream, recipe.scale, dtype, count);
}

function checkRange(start: number, count: number): void {
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(count) ||
    start < 0 ||
    count < 0 ||
    start + count > 2 ** 32
  )
    throw new RangeError(`recipe indices must lie in [0, 2^32), got start ${start}, count ${count}`);
}
