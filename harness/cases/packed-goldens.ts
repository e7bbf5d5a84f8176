// The PackedSequence goldens recorded from PyTorch (golden/packed/, written by golden/packed.py), each file checked
// against its sha256 in golden/packed/manifest.json, as requests in either form with what PyTorch answered.
import { join } from 'node:path';
import type { DType, GruKwargs, GruParameters, Tensor } from '../../oracle/index.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { GOLDEN_DIR } from '../paths.js';
import { decodeTensor, loadManifest, verifiedBytes } from './goldens.js';
import type { PackedForm } from './packed-case.js';

export const PACKED_GOLDEN_DIR = join(GOLDEN_DIR, 'packed');

export interface PackedManifestEntry {
  id: string;
  file: string;
  sha256: string;
  kind: 'packed' | 'packed-error';
  dtype: DType;
  clauses: string[];
}

type WireTensor = Parameters<typeof decodeTensor>[0];
interface WirePacked {
  data: WireTensor;
  batch_sizes: number[];
  sorted_indices: number[] | null;
  unsorted_indices: number[] | null;
}

export interface PackedGolden {
  id: string;
  description: string;
  dtype: DType;
  kwargs: GruKwargs;
  lengths: number[];
  enforceSorted: boolean;
  parameters: GruParameters;
  /** The padded input. */
  input: Tensor;
  hx: Tensor | null;
  /** pack_padded_sequence's result; absent when packing itself raised. */
  packedInput?: {
    data: Tensor;
    batchSizes: number[];
    sortedIndices: number[] | null;
    unsortedIndices: number[] | null;
  };
  expected: {
    packedOutput?: Tensor;
    h_n?: Tensor;
    /** pad_packed_sequence(output, batch_first, total_length=T). */
    paddedOutput?: Tensor;
    error?: { type: string; message: string };
  };
  clauses: string[];
}

/** The manifest (GoldenIntegrityError when it is missing). */
export function loadPackedManifest(dir = PACKED_GOLDEN_DIR): { torch: string; cases: PackedManifestEntry[] } {
  const manifest = loadManifest(dir);
  return { torch: manifest.torch, cases: manifest.cases as unknown as PackedManifestEntry[] };
}

/** Checks every file of the manifest against its sha256 (GoldenIntegrityError names the first that fails). */
export function verifyPackedGoldens(manifest = loadPackedManifest(), dir = PACKED_GOLDEN_DIR): void {
  for (const entry of manifest.cases) verifiedBytes(entry, dir);
}

/** One golden, verified against the manifest, its tensors decoded. */
export function loadPackedGolden(entry: PackedManifestEntry, dir = PACKED_GOLDEN_DIR): PackedGolden {
  // biome-ignore lint/suspicious/noExplicitAny: the file's JSON, written by golden/packed.py
  const raw: any = JSON.parse(verifiedBytes(entry, dir).toString('utf8'));
  const parameters: GruParameters = {};
  for (const [name, t] of Object.entries(raw.parameters as Record<string, WireTensor>))
    parameters[name] = decodeTensor(t);
  const packed = raw.packed_input as WirePacked | undefined;
  const e = raw.expected;
  return {
    id: raw.id,
    description: raw.description,
    dtype: raw.dtype,
    kwargs: raw.kwargs,
    lengths: raw.lengths,
    enforceSorted: raw.enforce_sorted,
    parameters,
    input: decodeTensor(raw.input),
    hx: raw.hx === null ? null : decodeTensor(raw.hx),
    ...(packed
      ? {
          packedInput: {
            data: decodeTensor(packed.data),
            batchSizes: packed.batch_sizes,
            sortedIndices: packed.sorted_indices,
            unsortedIndices: packed.unsorted_indices,
          },
        }
      : {}),
    expected: {
      ...(e.packed_output ? { packedOutput: decodeTensor(e.packed_output.data) } : {}),
      ...(e.h_n ? { h_n: decodeTensor(e.h_n) } : {}),
      ...(e.padded_output_total_length ? { paddedOutput: decodeTensor(e.padded_output_total_length) } : {}),
      ...(e.error ? { error: e.error } : {}),
    },
    clauses: raw.clauses,
  };
}

/** The golden's call in one form; null when that form cannot express it (packing itself raised). */
export function packedGoldenRequest(g: PackedGolden, form: PackedForm): GruRequest | null {
  const base = { kwargs: g.kwargs, dtype: g.dtype, parameters: g.parameters, hx: g.hx };
  if (form === 'sequenceLengths')
    return {
      ...base,
      input: g.input,
      sequenceLengths: { lengths: g.lengths, enforceSorted: g.enforceSorted },
    };
  if (g.packedInput === undefined) return null;
  const { data, ...fields } = g.packedInput;
  return { ...base, input: data, packed: fields };
}

/** What PyTorch answered in that form (forward goldens only). */
export function packedGoldenResponse(g: PackedGolden, form: PackedForm): GruResponse {
  const output = form === 'packed' ? g.expected.packedOutput : g.expected.paddedOutput;
  if (output === undefined || g.expected.h_n === undefined)
    throw new Error(`PackedSequence golden ${g.id} records no result`);
  return { output, h_n: g.expected.h_n };
}
