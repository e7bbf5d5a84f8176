// Reading a --dump folder back for the tests, independently of harness/report/: an NPY 1.0 reader written from
// the format's description, and the JSON tensors decoded (NaN, infinities and -0 are strings there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GruRequest } from '../../harness/contract/request.js';
import type { DType, GruKwargs, Tensor } from '../../oracle/index.js';

export interface JsonTensor {
  dtype: DType;
  shape: number[];
  data: (number | string)[];
  npy: string;
  npyShape?: number[];
}

export interface Npy {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Where the values start: a multiple of 64 in a well-formed file. */
  dataOffset: number;
  data: Float64Array;
}

/** Parses an .npy file of version 1.0 holding little-endian float64 values. */
export function readNpy(bytes: Buffer): Npy {
  if (bytes[0] !== 0x93 || bytes.toString('latin1', 1, 6) !== 'NUMPY') throw new Error('not an .npy file');
  if (bytes[6] !== 1 || bytes[7] !== 0) throw new Error(`version ${bytes[6]}.${bytes[7]}, expected 1.0`);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.toString('latin1', 10, 10 + headerLength);
  if (!header.endsWith('\n')) throw new Error('the header does not end with a newline');
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1] ?? '';
  const fortranOrder = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const dataOffset = 10 + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== dataOffset + 8 * count) throw new Error(`${bytes.length} bytes for ${count} values`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = bytes.readDoubleLE(dataOffset + 8 * i);
  return { descr, fortranOrder, shape, dataOffset, data };
}

/** A JSON value of a tensor: a number, or "NaN", "Infinity", "-Infinity", "-0". */
export function decodeNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === '-0') return -0;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  throw new Error(`not a number of the dump: ${JSON.stringify(v)}`);
}

export const decodeTensor = (t: JsonTensor): Tensor => ({
  dtype: t.dtype,
  shape: t.shape,
  data: Float64Array.from(t.data, decodeNumber),
});

/** Every tensor of a case.json (any object with `npy`), with where it is. */
export function tensorsOf(value: unknown, path = ''): { path: string; tensor: JsonTensor }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => tensorsOf(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  if (typeof o.npy === 'string' && Array.isArray(o.data))
    return [{ path, tensor: o as unknown as JsonTensor }];
  return Object.entries(o).flatMap(([k, v]) => tensorsOf(v, `${path}.${k}`));
}

/** Same values bit for bit as far as a double tells: NaN for NaN, -0 for -0. */
export function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** A dumped request made a GruRequest again. */
export function decodeRequest(r: Record<string, unknown>): GruRequest {
  const parameters = Object.fromEntries(
    Object.entries(r.parameters as Record<string, JsonTensor>).map(([k, t]) => [k, decodeTensor(t)]),
  );
  const masks = r.dropoutMasks as JsonTensor[] | undefined;
  return {
    kwargs: r.kwargs as GruKwargs,
    dtype: r.dtype as DType,
    parameters,
    input: decodeTensor(r.input as JsonTensor),
    hx: r.hx ? decodeTensor(r.hx as JsonTensor) : null,
    ...(masks ? { dropoutMasks: masks.map(decodeTensor) } : {}),
  };
}

export const caseFile = (dir: string, path: string) => readJson(join(dir, path));
