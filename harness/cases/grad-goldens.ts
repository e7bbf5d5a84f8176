// Gradient goldens recorded from torch autograd (golden/grad/manifest.json, golden/grad/cases/*.json, written by
// golden/grad.py), each file checked against its manifest sha256 before it is used, as the other goldens are.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DType, GruKwargs, GruParameters, Tensor } from '../../oracle/index.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import { GOLDEN_DIR } from '../paths.js';
import { decodeTensor, GoldenIntegrityError } from './goldens.js';

export const GRAD_GOLDEN_DIR = join(GOLDEN_DIR, 'grad');

export interface GradManifestEntry {
  id: string;
  file: string;
  sha256: string;
  kind: 'grad' | 'grad-error';
  dtype: DType;
  clauses: string[];
}

export interface GradManifest {
  format: string;
  torch: string;
  cases: GradManifestEntry[];
}

export interface GradGolden {
  id: string;
  description: string;
  dtype: DType;
  kwargs: GruKwargs;
  mode: 'eval' | 'train';
  parameters: GruParameters;
  input: Tensor;
  hx: Tensor | null;
  dropoutMasks: Tensor[] | null;
  upstream: { output: Tensor | null; h_n: Tensor | null };
  /** torch's gradients by the names a response carries, or the error torch.autograd.backward raised. */
  expected: { gradients?: Record<string, Tensor>; error?: { type: string; message: string } };
  clauses: string[];
}

export function loadGradManifest(dir = GRAD_GOLDEN_DIR): GradManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new GoldenIntegrityError(`the gradient golden manifest ${path} is missing`);
  return JSON.parse(readFileSync(path, 'utf8')) as GradManifest;
}

/** The bytes of a gradient golden file, after checking them against the manifest's sha256. */
function verifiedBytes(entry: GradManifestEntry, dir: string): Buffer {
  const path = join(dir, entry.file);
  const regenerate = 'regenerate with npm run golden:generate, or restore it from version control';
  if (!existsSync(path))
    throw new GoldenIntegrityError(`gradient golden ${entry.id}: ${path} is missing (${regenerate})`);
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== entry.sha256)
    throw new GoldenIntegrityError(
      `gradient golden ${entry.id}: ${path} does not match golden/grad/manifest.json (sha256 ${sha256}, expected ${entry.sha256}): it was changed after generation; ${regenerate}`,
    );
  return bytes;
}

/** Checks every gradient golden file against its sha256 (GoldenIntegrityError names the first that fails). */
export function verifyGradGoldens(manifest = loadGradManifest(), dir = GRAD_GOLDEN_DIR): void {
  for (const entry of manifest.cases) verifiedBytes(entry, dir);
}

type WireTensor = Parameters<typeof decodeTensor>[0];
const maybe = (v: WireTensor | null | undefined) => (v == null ? null : decodeTensor(v));
const decodeAll = (o: Record<string, WireTensor>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeTensor(v)]));

/** Reads one gradient golden, verified against the manifest, with its tensors decoded. */
export function loadGradGolden(entry: GradManifestEntry, dir = GRAD_GOLDEN_DIR): GradGolden {
  const raw = JSON.parse(verifiedBytes(entry, dir).toString('utf8'));
  const e = raw.expected;
  const gradients =
    e.error === undefined
      ? {
          input: decodeTensor(e.input),
          ...(e.hx == null ? {} : { hx: decodeTensor(e.hx) }),
          ...decodeAll(e.parameters),
        }
      : undefined;
  return {
    id: raw.id,
    description: raw.description,
    dtype: raw.dtype,
    kwargs: raw.kwargs,
    mode: raw.mode,
    parameters: decodeAll(raw.parameters),
    input: decodeTensor(raw.input),
    hx: maybe(raw.hx),
    dropoutMasks: raw.dropout_masks == null ? null : (raw.dropout_masks as WireTensor[]).map(decodeTensor),
    upstream: { output: maybe(raw.upstream?.output), h_n: maybe(raw.upstream?.h_n) },
    expected: gradients ? { gradients } : { error: e.error },
    clauses: raw.clauses,
  };
}

/** The golden as a backward request (training mode with its masks when it was recorded in training mode). */
export function gradGoldenRequest(g: GradGolden): GruBackwardRequest {
  return {
    kwargs: g.kwargs,
    dtype: g.dtype,
    parameters: g.parameters,
    input: g.input,
    hx: g.hx,
    ...(g.mode === 'train' && g.dropoutMasks ? { dropoutMasks: g.dropoutMasks } : {}),
    upstream: g.upstream,
  };
}
