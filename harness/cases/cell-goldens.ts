// nn.GRUCell goldens recorded from PyTorch (golden/cell/manifest.json, golden/cell/cases/*.json, written by
// golden/cell.py), each file checked against its manifest sha256 before it is used, as the nn.GRU goldens are.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DType,
  type GruCellKwargs,
  type GruParameters,
  type Tensor,
  tensor,
} from '../../oracle/index.js';
import type { GruCellRequest } from '../contract/cell-request.js';
import { GOLDEN_DIR } from '../paths.js';
import { decodeTensor, GoldenIntegrityError } from './goldens.js';

export const CELL_GOLDEN_DIR = join(GOLDEN_DIR, 'cell');

export interface CellManifestEntry {
  id: string;
  file: string;
  sha256: string;
  kind: 'cell' | 'cell-error';
  dtype: DType;
  clauses: string[];
}

export interface CellManifest {
  format: string;
  torch: string;
  cases: CellManifestEntry[];
}

export interface CellGolden {
  id: string;
  description: string;
  dtype: DType;
  kwargs: GruCellKwargs;
  parameters: GruParameters;
  /** Absent (null) when the cell could not be constructed. */
  input: Tensor | null;
  hx: Tensor | null;
  expected: { h?: Tensor; error?: { type: string; message: string; stage: 'construct' | 'forward' } };
  clauses: string[];
}

export function loadCellManifest(dir = CELL_GOLDEN_DIR): CellManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new GoldenIntegrityError(`the cell golden manifest ${path} is missing`);
  return JSON.parse(readFileSync(path, 'utf8')) as CellManifest;
}

/** The bytes of a cell golden file, after checking them against the manifest's sha256. */
function verifiedBytes(entry: CellManifestEntry, dir: string): Buffer {
  const path = join(dir, entry.file);
  const regenerate = 'regenerate with npm run golden:generate, or restore it from version control';
  if (!existsSync(path))
    throw new GoldenIntegrityError(`cell golden ${entry.id}: ${path} is missing (${regenerate})`);
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== entry.sha256)
    throw new GoldenIntegrityError(
      `cell golden ${entry.id}: ${path} does not match golden/cell/manifest.json (sha256 ${sha256}, expected ${entry.sha256}): it was changed after generation; ${regenerate}`,
    );
  return bytes;
}

/** Checks every cell golden file against its sha256 (GoldenIntegrityError names the first that fails). */
export function verifyCellGoldens(manifest = loadCellManifest(), dir = CELL_GOLDEN_DIR): void {
  for (const entry of manifest.cases) verifiedBytes(entry, dir);
}

type WireTensor = Parameters<typeof decodeTensor>[0];

/** Reads one cell golden, verified against the manifest, with its tensors decoded. */
export function loadCellGolden(entry: CellManifestEntry, dir = CELL_GOLDEN_DIR): CellGolden {
  const raw = JSON.parse(verifiedBytes(entry, dir).toString('utf8'));
  const t = (v: WireTensor | null) => (v === null ? null : decodeTensor(v));
  const parameters: GruParameters = {};
  for (const [name, v] of Object.entries(raw.parameters as Record<string, WireTensor>))
    parameters[name] = decodeTensor(v);
  return {
    ...raw,
    parameters,
    input: t(raw.input),
    hx: t(raw.hx),
    expected: raw.expected.h ? { ...raw.expected, h: decodeTensor(raw.expected.h) } : raw.expected,
  };
}

/**
 * The golden as a cell request. A golden whose cell could not be constructed recorded no input: the call gets
 * one row of zeros of its input_size, which construction never reaches.
 */
export function cellGoldenRequest(g: CellGolden): GruCellRequest {
  const width = Number.isInteger(g.kwargs.input_size) ? (g.kwargs.input_size as number) : 1;
  const input = g.input ?? tensor(g.dtype, [1, width]);
  return { kwargs: g.kwargs, dtype: g.dtype, parameters: g.parameters, input, hx: g.hx };
}
