// Golden files recorded from PyTorch (golden/manifest.json, golden/cases/*.json; format in spec/golden.schema.json).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type DType, type GruKwargs, type GruParameters, numel, type Tensor } from '../../oracle/index.js';
import type { GruRequest } from '../contract/request.js';
import { GOLDEN_DIR, PACKAGE_ROOT } from '../paths.js';
import { expandRecipe, type Recipe } from './golden-recipe.js';

export interface ManifestEntry {
  id: string;
  file: string;
  sha256: string;
  kind: 'forward' | 'error';
  dtype: DType;
  clauses: string[];
}

export interface Manifest {
  format: string;
  formatVersion: number;
  torch: string;
  python: string;
  cases: ManifestEntry[];
}

export interface RecordedError {
  clause: string;
  stage: 'construct' | 'forward';
  type: string;
  message: string;
}

export interface Golden {
  id: string;
  description: string;
  clauses: string[];
  provenance: { torch: string; python: string; seed: number };
  dtype: DType;
  kwargs: GruKwargs;
  mode: 'eval' | 'train';
  /** Special values written into the call on purpose (NaN, infinities, -0.0, subnormals); absent when none. */
  specials?: GoldenSpecial[];
  parameters: GruParameters;
  dropoutMasks?: Tensor[];
  input: Tensor;
  hx: Tensor | null;
  expected: { output?: Tensor; h_n?: Tensor; error?: RecordedError; warnings: { clause: string }[] };
}

/** A special value a golden wrote into its call on purpose (formatVersion 2, `specials`). */
export interface GoldenSpecial {
  tensor: string;
  index: number[] | null;
  value: 'NaN' | 'Infinity' | '-Infinity' | '-0.0' | '0.0' | 'subnormal';
}

/** A tensor as a golden file holds it: its values, the recipe that makes them, or its little-endian bytes. */
type WireTensor = { dtype: DType; shape: number[] } & (
  | { data: (number | string)[] }
  | { recipe: Recipe }
  | { base64: string }
);

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** Values of a base64 tensor: little-endian float32 or float64, exact (half-precision goldens hold data). */
function unpack(base64: string, dtype: DType, count: number): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new Error(`base64 tensors are float32 or float64, this one is ${dtype}`);
  const width = dtype === 'float32' ? 4 : 8;
  if (bytes.length !== count * width)
    throw new Error(
      `base64 tensor holds ${bytes.length} bytes, ${count} ${dtype} values need ${count * width}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++)
    out[i] = width === 4 ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
  return out;
}

/** A tensor with its values materialised, whichever of the three forms the file uses. */
export function decodeTensor(t: WireTensor): Tensor {
  let data: Float64Array;
  if ('data' in t) data = Float64Array.from(t.data, (v) => (typeof v === 'number' ? v : NON_FINITE[v]));
  else if ('recipe' in t) data = expandRecipe(t.recipe, t.dtype, numel(t.shape));
  else if ('base64' in t) data = unpack(t.base64, t.dtype, numel(t.shape));
  else throw new Error(`a golden tensor needs data, recipe or base64; got keys ${Object.keys(t).join(', ')}`);
  return { dtype: t.dtype, shape: t.shape, data };
}

/** A golden file that is missing or differs from what golden/generate.py wrote (its manifest sha256). */
export class GoldenIntegrityError extends Error {
  override name = 'GoldenIntegrityError';
}

export function loadManifest(dir = GOLDEN_DIR): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new GoldenIntegrityError(`the golden manifest ${path} is missing`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** The bytes of a golden file, after checking them against the manifest's sha256. */
export function verifiedBytes(entry: Pick<ManifestEntry, 'id' | 'file' | 'sha256'>, dir: string): Buffer {
  const path = join(dir, entry.file);
  const regenerate = 'regenerate with npm run golden:generate, or restore it from version control';
  if (!existsSync(path))
    throw new GoldenIntegrityError(`golden ${entry.id}: ${path} is missing (${regenerate})`);
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== entry.sha256) {
    throw new GoldenIntegrityError(
      `golden ${entry.id}: ${path} does not match ${relative(PACKAGE_ROOT, join(dir, 'manifest.json'))} (sha256 ${sha256}, expected ${entry.sha256}): it was changed after generation; ${regenerate}`,
    );
  }
  return bytes;
}

/** Checks every golden file of the manifest against its sha256 (GoldenIntegrityError names the first that fails). */
export function verifyGoldens(manifest = loadManifest(), dir = GOLDEN_DIR): void {
  for (const entry of manifest.cases) verifiedBytes(entry, dir);
}

/** Reads one golden file, verified against the manifest, and decodes its tensors (recipes expanded, base64 unpacked). */
export function loadGolden(entry: ManifestEntry, dir = GOLDEN_DIR): Golden {
  const raw = JSON.parse(verifiedBytes(entry, dir).toString('utf8'));
  try {
    return decodeGolden(raw);
  } catch (e) {
    throw new Error(`golden ${entry.file}: ${(e as Error).message}`);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the file's JSON, checked by spec/golden.schema.json
function decodeGolden(raw: any): Golden {
  const params: GruParameters = {};
  for (const [name, t] of Object.entries(raw.parameters as Record<string, WireTensor>))
    params[name] = decodeTensor(t);
  const expected = { ...raw.expected };
  if (raw.expected.output) expected.output = decodeTensor(raw.expected.output);
  if (raw.expected.h_n) expected.h_n = decodeTensor(raw.expected.h_n);
  return {
    ...raw,
    parameters: params,
    dropoutMasks: raw.dropoutMasks?.map(decodeTensor),
    input: decodeTensor(raw.input),
    hx: raw.hx === null ? null : decodeTensor(raw.hx),
    expected,
  };
}

/** The golden as a request to an implementation under test; a train-mode golden carries its dropout masks. */
export function goldenRequest(g: Golden): GruRequest {
  const request: GruRequest = {
    kwargs: g.kwargs,
    dtype: g.dtype,
    parameters: g.parameters,
    input: g.input,
    hx: g.hx,
  };
  if (g.mode === 'train') request.dropoutMasks = g.dropoutMasks;
  return request;
}
