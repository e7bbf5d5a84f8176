// The wire format of spec/protocol.md: every protocol message, with tensors in either encoding. Values
// round-trip bit for bit: as JSON numbers (-0 as -0.0, non-finite values as "NaN", "Infinity", "-Infinity"),
// or as the base64 of their little-endian doubles.
import { DTYPES, type DType, type GruParameters, numel, type Tensor } from '../../oracle/index.js';
import type { GruBackwardRequest, GruBackwardResponse } from '../contract/backward-request.js';
import type { GruCellRequest, GruCellResponse } from '../contract/cell-request.js';
import { type Capabilities, type InitRequest, UNDECLARED_DTYPES } from '../contract/implementation.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { decodeBase64F64le, encodeBase64F64le } from './base64-f64le.js';
import { LineWriter } from './line-writer.js';
import { parseJsonLine } from './parse-json-line.js';

/** Version 1: tensors as JSON numbers. Every harness hello names it, so version-1 implementations keep working. */
export const PROTOCOL = 'gru-conformance/1';
/** Version 2: version 1, plus the tensor encoding chosen in the hello and "ignore unknown fields". */
export const PROTOCOL_V2 = 'gru-conformance/2';
/** The versions this side speaks, oldest first. */
export const VERSIONS: readonly string[] = [PROTOCOL, PROTOCOL_V2];

/** How tensor values travel: JSON numbers ("data") or base64 of little-endian float64 ("base64"). */
export type Encoding = 'base64-f64le' | 'json';
/** The encodings this side reads and writes, in its order of preference. */
export const ENCODINGS: readonly Encoding[] = ['base64-f64le', 'json'];

/** What the harness writes to an implementation. */
export type HarnessMessage =
  | { type: 'hello'; protocol: string; versions?: string[]; encodings?: string[] }
  | { type: 'forward'; id: number; request: GruRequest }
  | { type: 'init'; id: number; request: InitRequest }
  /** Only with capabilities.cell (version 2): one call of nn.GRUCell. */
  | { type: 'cell'; id: number; request: GruCellRequest }
  /** Only with capabilities.backward (version 2): a forward call and the gradients flowing into its results. */
  | { type: 'backward'; id: number; request: GruBackwardRequest }
  | { type: 'bye' };

/** A rejected call as the implementation reports it; `clause` is optional. */
export interface WireError {
  message: string;
  clause?: string;
}

/** What an implementation writes back. */
export type ImplementationMessage =
  | {
      type: 'hello';
      protocol: string;
      name: string;
      version?: string;
      capabilities: Capabilities;
      encoding?: string;
    }
  | { type: 'result'; id: number; response: GruResponse }
  | { type: 'error'; id: number | null; error: WireError }
  | { type: 'parameters'; id: number; parameters: GruParameters }
  /** The answer to a cell request: h'. */
  | { type: 'state'; id: number; response: GruCellResponse }
  /** The answer to a backward request: the gradients by name. */
  | { type: 'gradients'; id: number; response: GruBackwardResponse };

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

// ---- numbers and tensors ----

/** One number as JSON text: shortest round-trip decimal, -0 as -0.0, non-finite as a quoted name. */
export function encodeNumber(x: number): string {
  if (x !== 0 && Number.isFinite(x)) return String(x);
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0';
  return `"${nonFiniteName(x)}"`;
}

function nonFiniteName(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(v: unknown, field: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && Object.hasOwn(NON_FINITE, v)) return NON_FINITE[v];
  throw new Error(`${field}: expected a number or "NaN", "Infinity", "-Infinity", got ${show(v)}`);
}

/** The data array as JSON text, joined from number strings (no intermediate objects). */
export function encodeData(data: ArrayLike<number>): string {
  const parts = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) parts[i] = encodeNumber(data[i]);
  return `[${parts.join(',')}]`;
}

/** A tensor in the given encoding: values under "data" (JSON numbers) or "base64" (little-endian float64). */
export function encodeTensor(t: Tensor, encoding: Encoding = 'json'): string {
  return writeTensor(new LineWriter(), t, encoding).toString();
}

function writeTensor(w: LineWriter, t: Tensor, encoding: Encoding): LineWriter {
  const head = `{"dtype":"${t.dtype}","shape":[${t.shape.join(',')}]`;
  if (encoding === 'json') return w.text(`${head},"data":${encodeData(t.data)}}`);
  return w.text(`${head},"base64":"`).payload(encodeBase64F64le(t.data)).text('"}');
}

export function decodeTensor(v: unknown, field: string): Tensor {
  const o = object(v, field);
  const dtype = decodeDtype(o.dtype, `${field}.dtype`);
  if (!Array.isArray(o.shape) || !o.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new Error(`${field}.shape: expected an array of non-negative integers, got ${show(o.shape)}`);
  }
  const shape = o.shape as number[];
  if (o.base64 !== undefined) return { dtype, shape: [...shape], data: decodeBase64(o, shape, field) };
  if (!Array.isArray(o.data)) {
    throw new Error(
      `${field}.data: expected an array (or a base64 string as ${field}.base64), got ${show(o.data)}`,
    );
  }
  if (o.data.length !== numel(shape)) {
    throw new Error(`${field}.data: shape [${shape}] needs ${numel(shape)} values, got ${o.data.length}`);
  }
  const data = new Float64Array(o.data.length);
  for (let i = 0; i < data.length; i++) {
    const x = o.data[i];
    data[i] = typeof x === 'number' ? x : decodeNumber(x, `${field}.data[${i}]`);
  }
  return { dtype, shape: [...shape], data };
}

function decodeBase64(o: Record<string, unknown>, shape: number[], field: string): Float64Array {
  if (o.data !== undefined)
    throw new Error(`${field}: has both data and base64; a tensor carries one of them`);
  if (typeof o.base64 !== 'string') {
    throw new Error(`${field}.base64: expected a string, got ${show(o.base64)}`);
  }
  return decodeBase64F64le(o.base64, numel(shape), `${field}.base64 (shape [${shape}])`);
}

export function encodeParameters(p: GruParameters, encoding: Encoding = 'json'): string {
  return writeParameters(new LineWriter(), p, encoding).toString();
}

function writeParameters(w: LineWriter, p: GruParameters, encoding: Encoding): LineWriter {
  Object.entries(p).forEach(([name, t], i) => {
    writeTensor(w.text(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`), t, encoding);
  });
  return w.text(Object.keys(p).length === 0 ? '{}' : '}');
}

export function decodeParameters(v: unknown, field: string): GruParameters {
  const o = object(v, field);
  const out: GruParameters = {};
  for (const [name, t] of Object.entries(o)) out[name] = decodeTensor(t, `${field}.${name}`);
  return out;
}

// ---- kwargs: any JSON values; a non-finite number is tagged {"$float": "NaN"} ----

export function encodeKwargs(kwargs: Record<string, unknown>): string {
  return JSON.stringify(kwargs, (_k, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? { $float: nonFiniteName(v) } : v,
  );
}

export function decodeKwargs(v: unknown, field: string): Record<string, unknown> {
  return untag(object(v, field)) as Record<string, unknown>;
}

function untag(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(untag);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '$float') return decodeNumber(o.$float, '$float');
  return Object.fromEntries(keys.map((k) => [k, untag(o[k])]));
}

// ---- messages ----

/** One message as a line (without its newline); tensors in the given encoding. */
export function encodeMessage(
  m: HarnessMessage | ImplementationMessage,
  encoding: Encoding = 'json',
): string {
  return writeMessage(new LineWriter(), m, encoding).toString();
}

/** One message as the bytes of its line, newline included: for large lines, much cheaper than the string. */
export function encodeLine(m: HarnessMessage | ImplementationMessage, encoding: Encoding = 'json'): Buffer {
  return writeMessage(new LineWriter(), m, encoding).toLine();
}

function writeMessage(
  w: LineWriter,
  m: HarnessMessage | ImplementationMessage,
  encoding: Encoding,
): LineWriter {
  const tensor = (t: Tensor) => writeTensor(w, t, encoding);
  switch (m.type) {
    case 'forward':
    case 'backward': {
      const r = m.request;
      w.text(
        `{"type":"${m.type}","id":${m.id},"kwargs":${encodeKwargs(r.kwargs)},"dtype":"${r.dtype}","parameters":`,
      );
      writeParameters(w, r.parameters, encoding).text(',"input":');
      tensor(r.input).text(',"hx":');
      if (r.hx == null) w.text('null');
      else tensor(r.hx);
      if (r.dropoutMasks) {
        w.text(',"mode":"train","dropoutMasks":[');
        r.dropoutMasks.forEach((mask, i) => {
          if (i > 0) w.text(',');
          tensor(mask);
        });
        w.text(']');
      }
      if (r.packed) w.text(`,"packed":${JSON.stringify(r.packed)}`);
      if (r.sequenceLengths) w.text(`,"sequenceLengths":${JSON.stringify(r.sequenceLengths)}`);
      if (m.type === 'backward') {
        const up = m.request.upstream;
        w.text(',"upstream":{"output":');
        (up.output == null ? w.text('null') : tensor(up.output)).text(',"h_n":');
        (up.h_n == null ? w.text('null') : tensor(up.h_n)).text('}');
      }
      return w.text('}');
    }
    case 'init': {
      const r = m.request;
      return w.text(
        `{"type":"init","id":${m.id},"kwargs":${encodeKwargs(r.kwargs)},"dtype":"${r.dtype}","seed":${r.seed}}`,
      );
    }
    case 'cell': {
      const r = m.request;
      w.text(
        `{"type":"cell","id":${m.id},"kwargs":${encodeKwargs(r.kwargs)},"dtype":"${r.dtype}","parameters":`,
      );
      writeParameters(w, r.parameters, encoding).text(',"input":');
      tensor(r.input).text(',"hx":');
      return (r.hx == null ? w.text('null') : tensor(r.hx)).text('}');
    }
    case 'state':
      w.text(`{"type":"state","id":${m.id},"h":`);
      return tensor(m.response.h).text('}');
    case 'result':
      w.text(`{"type":"result","id":${m.id},"output":`);
      tensor(m.response.output).text(',"h_n":');
      return tensor(m.response.h_n).text('}');
    case 'gradients':
      w.text(`{"type":"gradients","id":${m.id},"gradients":`);
      return writeParameters(w, m.response.gradients, encoding).text('}');
    case 'parameters':
      w.text(`{"type":"parameters","id":${m.id},"parameters":`);
      return writeParameters(w, m.parameters, encoding).text('}');
    default:
      return w.text(JSON.stringify(m));
  }
}

/** Parses one line into an object with a string `type`; throws naming what is wrong. */
export function parseLine(line: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = parseJsonLine(line);
  } catch {
    throw new Error(`not a JSON line: ${preview(line)}`);
  }
  const o = object(v, 'message');
  if (typeof o.type !== 'string') throw new Error(`message.type: expected a string, got ${show(o.type)}`);
  return o;
}

/** Decodes a line the harness wrote (used by serve()). */
export function decodeHarnessMessage(line: string): HarnessMessage {
  const o = parseLine(line);
  switch (o.type) {
    case 'hello':
      return {
        type: 'hello',
        protocol: string(o.protocol, 'protocol'),
        ...(o.versions == null ? {} : { versions: strings(o.versions, 'versions') }),
        ...(o.encodings == null ? {} : { encodings: strings(o.encodings, 'encodings') }),
      };
    case 'bye':
      return { type: 'bye' };
    case 'forward':
      return { type: 'forward', id: decodeId(o.id), request: decodeForward(o) };
    case 'init':
      return {
        type: 'init',
        id: decodeId(o.id),
        request: {
          kwargs: decodeKwargs(o.kwargs, 'kwargs'),
          dtype: decodeDtype(o.dtype, 'dtype'),
          seed: integer(o.seed, 'seed'),
        },
      };
    case 'cell':
      return { type: 'cell', id: decodeId(o.id), request: decodeCell(o) };
    case 'backward':
      return {
        type: 'backward',
        id: decodeId(o.id),
        request: { ...decodeForward(o), upstream: decodeUpstream(o.upstream) },
      };
    default:
      throw new Error(
        `message.type: expected hello, forward, init, cell, backward or bye, got ${show(o.type)}`,
      );
  }
}

function decodeCell(o: Record<string, unknown>): GruCellRequest {
  return {
    kwargs: decodeKwargs(o.kwargs, 'kwargs'),
    dtype: decodeDtype(o.dtype, 'dtype'),
    parameters: decodeParameters(o.parameters, 'parameters'),
    input: decodeTensor(o.input, 'input'),
    hx: o.hx == null ? null : decodeTensor(o.hx, 'hx'),
  };
}

function decodeForward(o: Record<string, unknown>): GruRequest {
  const request: GruRequest = {
    kwargs: decodeKwargs(o.kwargs, 'kwargs'),
    dtype: decodeDtype(o.dtype, 'dtype'),
    parameters: decodeParameters(o.parameters, 'parameters'),
    input: decodeTensor(o.input, 'input'),
    hx: o.hx == null ? null : decodeTensor(o.hx, 'hx'),
  };
  if (o.mode != null && o.mode !== 'eval' && o.mode !== 'train') {
    throw new Error(`mode: expected "eval" or "train", got ${show(o.mode)}`);
  }
  if (o.mode === 'train') {
    if (!Array.isArray(o.dropoutMasks))
      throw new Error(`dropoutMasks: expected an array, got ${show(o.dropoutMasks)}`);
    request.dropoutMasks = o.dropoutMasks.map((t, i) => decodeTensor(t, `dropoutMasks[${i}]`));
  }
  if (o.packed != null) request.packed = decodePacked(o.packed);
  if (o.sequenceLengths != null) request.sequenceLengths = decodeSequenceLengths(o.sequenceLengths);
  return request;
}

/** The upstream gradients of a backward request: output and h_n, each a tensor or null (zeros). */
function decodeUpstream(v: unknown): GruBackwardRequest['upstream'] {
  const o = object(v, 'upstream');
  return {
    output: o.output == null ? null : decodeTensor(o.output, 'upstream.output'),
    h_n: o.h_n == null ? null : decodeTensor(o.h_n, 'upstream.h_n'),
  };
}

/** A PackedSequence's index lists (capability packed): integer lists, the two index lists both given or both null. */
function decodePacked(v: unknown): NonNullable<GruRequest['packed']> {
  const o = object(v, 'packed');
  const indices = (x: unknown, field: string) => (x == null ? null : integers(x, field));
  const packed = {
    batchSizes: integers(o.batchSizes, 'packed.batchSizes'),
    sortedIndices: indices(o.sortedIndices, 'packed.sortedIndices'),
    unsortedIndices: indices(o.unsortedIndices, 'packed.unsortedIndices'),
  };
  if ((packed.sortedIndices === null) !== (packed.unsortedIndices === null))
    throw new Error('packed: sortedIndices and unsortedIndices are both given or both null');
  return packed;
}

/** A padded input's lengths (capability sequenceLengths). */
function decodeSequenceLengths(v: unknown): NonNullable<GruRequest['sequenceLengths']> {
  const o = object(v, 'sequenceLengths');
  if (typeof o.enforceSorted !== 'boolean')
    throw new Error(`sequenceLengths.enforceSorted: expected a boolean, got ${show(o.enforceSorted)}`);
  return { lengths: integers(o.lengths, 'sequenceLengths.lengths'), enforceSorted: o.enforceSorted };
}

/** Decodes a line an implementation wrote (used by the subprocess client). */
export function decodeImplementationMessage(line: string): ImplementationMessage {
  const o = parseLine(line);
  switch (o.type) {
    case 'hello':
      return {
        type: 'hello',
        protocol: string(o.protocol, 'protocol'),
        name: string(o.name, 'name'),
        version: o.version == null ? undefined : string(o.version, 'version'),
        capabilities: decodeCapabilities(o.capabilities),
        ...(o.encoding == null ? {} : { encoding: string(o.encoding, 'encoding') }),
      };
    case 'result': {
      const id = decodeId(o.id);
      return {
        type: 'result',
        id,
        response: { output: decodeTensor(o.output, 'output'), h_n: decodeTensor(o.h_n, 'h_n') },
      };
    }
    case 'error':
      return { type: 'error', id: o.id == null ? null : decodeId(o.id), error: decodeError(o.error) };
    case 'parameters':
      return {
        type: 'parameters',
        id: decodeId(o.id),
        parameters: decodeParameters(o.parameters, 'parameters'),
      };
    case 'state':
      return { type: 'state', id: decodeId(o.id), response: { h: decodeTensor(o.h, 'h') } };
    case 'gradients':
      return {
        type: 'gradients',
        id: decodeId(o.id),
        response: { gradients: decodeParameters(o.gradients, 'gradients') },
      };
    default:
      throw new Error(
        `message.type: expected hello, result, error, parameters, state or gradients, got ${show(o.type)}`,
      );
  }
}

function decodeCapabilities(v: unknown): Capabilities {
  if (v == null) return { init: false, dtypes: [...UNDECLARED_DTYPES] };
  const o = object(v, 'capabilities');
  if (o.init != null && typeof o.init !== 'boolean') {
    throw new Error(`capabilities.init: expected a boolean, got ${show(o.init)}`);
  }
  if (o.trainMasks != null && typeof o.trainMasks !== 'boolean') {
    throw new Error(`capabilities.trainMasks: expected a boolean, got ${show(o.trainMasks)}`);
  }
  if (o.cell != null && typeof o.cell !== 'boolean') {
    throw new Error(`capabilities.cell: expected a boolean, got ${show(o.cell)}`);
  }
  for (const flag of ['packed', 'sequenceLengths', 'backward'] as const) {
    if (o[flag] != null && typeof o[flag] !== 'boolean')
      throw new Error(`capabilities.${flag}: expected a boolean, got ${show(o[flag])}`);
  }
  if (o.dtypes != null && !Array.isArray(o.dtypes)) {
    throw new Error(`capabilities.dtypes: expected an array, got ${show(o.dtypes)}`);
  }
  const dtypes = ((o.dtypes as unknown[] | undefined) ?? [...UNDECLARED_DTYPES]).map((d, i) =>
    decodeDtype(d, `capabilities.dtypes[${i}]`),
  );
  return {
    init: o.init === true,
    trainMasks: o.trainMasks === true,
    dtypes,
    ...(o.cell === true ? { cell: true } : {}),
    ...(o.packed === true ? { packed: true } : {}),
    ...(o.sequenceLengths === true ? { sequenceLengths: true } : {}),
    ...(o.backward === true ? { backward: true } : {}),
  };
}

function decodeError(v: unknown): WireError {
  const o = object(v, 'error');
  const message = string(o.message, 'error.message');
  return o.clause == null ? { message } : { message, clause: string(o.clause, 'error.clause') };
}

// ---- field checks ----

function object(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new Error(`${field}: expected an object, got ${show(v)}`);
  }
  return v as Record<string, unknown>;
}

function string(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new Error(`${field}: expected a string, got ${show(v)}`);
  return v;
}

function strings(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw new Error(`${field}: expected an array of strings, got ${show(v)}`);
  }
  return v;
}

function integer(v: unknown, field: string): number {
  if (!Number.isSafeInteger(v)) throw new Error(`${field}: expected an integer, got ${show(v)}`);
  return v as number;
}

function integers(v: unknown, field: string): number[] {
  if (!Array.isArray(v) || !v.every((n) => Number.isSafeInteger(n)))
    throw new Error(`${field}: expected an array of integers, got ${show(v)}`);
  return [...v] as number[];
}

function decodeId(v: unknown): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0) {
    throw new Error(`id: expected a non-negative integer, got ${show(v)}`);
  }
  return v as number;
}

function decodeDtype(v: unknown, field: string): DType {
  if (!DTYPES.includes(v as DType))
    throw new Error(`${field}: expected one of ${DTYPES.map((d) => `"${d}"`).join(', ')}, got ${show(v)}`);
  return v as DType;
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : preview(JSON.stringify(v) ?? String(v));
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}... (${text.length} chars)` : text;
}
