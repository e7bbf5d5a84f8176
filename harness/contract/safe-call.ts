// Calling an implementation safely: every way it can misbehave becomes a value, never a harness crash.
// The implementation is treated as hostile: it gets its own copy of the request (the judge keeps the
// original), its answer is read once into fresh arrays, and whatever it throws is described without trusting
// the thrown value's own methods.
import { DTYPES, type DType, type Tensor } from '../../oracle/index.js';
import type { RunGuard } from '../run-guard.js';
import { ImplementationFailure } from './failures.js';
import type { Implementation } from './implementation.js';
import type { GruRequest, GruResponse } from './request.js';
import { firstTensorChange, requestChangedMessage } from './request-changes.js';

export type CallOutcome =
  | { kind: 'result'; response: GruResponse }
  | { kind: 'rejected'; message: string; clause?: string }
  | { kind: 'failure'; message: string }
  /** The run stopped (budget, timeouts, a signal) before the implementation answered: nothing to judge. */
  | { kind: 'stopped' };

/** Implementations that copy every request themselves (a worker thread, a subprocess): no second copy. */
const selfCopying = new WeakSet<object>();

export function copiesRequests<T extends object>(impl: T): T {
  selfCopying.add(impl);
  return impl;
}

const STOPPED = Symbol('stopped');

/** Resolves with the promise, or with STOPPED as soon as the guard stops the run. */
function raceStop<T>(p: Promise<T>, guard: RunGuard | undefined): Promise<T | typeof STOPPED> {
  if (guard === undefined) return p;
  if (guard.aborted) return Promise.resolve(STOPPED);
  return new Promise((resolve, reject) => {
    const onStop = () => resolve(STOPPED);
    guard.signal.addEventListener('abort', onStop, { once: true });
    p.then(
      (v) => {
        guard.signal.removeEventListener('abort', onStop);
        resolve(v);
      },
      (e: unknown) => {
        guard.signal.removeEventListener('abort', onStop);
        reject(e);
      },
    );
  });
}

/** Calls `call` on a private copy of `request`; what it returns, throws or never answers becomes an outcome. */
export async function guardedCall<T>(
  impl: Implementation,
  request: T,
  call: (copy: T) => unknown,
  guard: RunGuard | undefined,
): Promise<{ kind: 'value'; value: unknown } | Exclude<CallOutcome, { kind: 'result' }>> {
  if (guard?.aborted) return { kind: 'stopped' };
  let value: unknown;
  try {
    const copy = selfCopying.has(impl) ? request : structuredClone(request);
    value = await raceStop(
      Promise.resolve().then(() => call(copy)),
      guard,
    );
    // a self-copying implementation (a worker thread) checks its own copy (harness/isolation/worker-entry.ts)
    const change = copy === request ? undefined : firstTensorChange(request, copy);
    if (value !== STOPPED && change !== undefined)
      throw new ImplementationFailure('protocol', requestChangedMessage(change));
  } catch (e) {
    if (e instanceof ImplementationFailure) {
      if (e.kind === 'timeout') guard?.noteTimeout();
      return { kind: 'failure', message: e.message };
    }
    guard?.noteAnswer();
    return { kind: 'rejected', message: describeThrown(e), clause: clauseOf(e) };
  }
  if (value === STOPPED) return { kind: 'stopped' };
  guard?.noteAnswer();
  return { kind: 'value', value };
}

/** forward(request) on a private copy of the request; the answer is read into fresh tensors. */
export async function safeCall(
  impl: Implementation,
  request: GruRequest,
  guard?: RunGuard,
): Promise<CallOutcome> {
  const o = await guardedCall(impl, request, (copy) => impl.forward(copy), guard);
  return o.kind === 'value' ? readResponse(o.value) : o;
}

/** The answer as {output, h_n} of fresh Float64Arrays, or a failure saying what is wrong with it. */
export function readResponse(value: unknown): CallOutcome {
  try {
    if (typeof value !== 'object' || value === null) return notTensors(value);
    const r = value as Record<string, unknown>;
    const output = readTensor(r.output);
    const h_n = readTensor(r.h_n);
    if (typeof output === 'string' || typeof h_n === 'string') {
      const problem = typeof output === 'string' ? `output: ${output}` : `h_n: ${h_n as string}`;
      return {
        kind: 'failure',
        message: `returned something that is not {output, h_n} tensors (${problem})`,
      };
    }
    return { kind: 'result', response: { output, h_n } };
  } catch (e) {
    return { kind: 'failure', message: `reading its answer threw: ${describeThrown(e)}` };
  }
}

function notTensors(value: unknown): CallOutcome {
  return {
    kind: 'failure',
    message: `returned something that is not {output, h_n} tensors: ${preview(value)}`,
  };
}

/** A tensor read once into fresh arrays, or what is wrong with it. */
export function readTensor(t: unknown): Tensor | string {
  if (typeof t !== 'object' || t === null) return `expected a tensor, got ${preview(t)}`;
  const v = t as Record<string, unknown>;
  const dtype = v.dtype;
  const rawShape = v.shape;
  const rawData = v.data;
  if (!DTYPES.includes(dtype as DType)) return `dtype ${preview(dtype)} is not one of ${DTYPES.join(', ')}`;
  if (!Array.isArray(rawShape)) return `shape ${preview(rawShape)} is not an array`;
  const shape = Array.from(rawShape as unknown[]);
  if (!shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
    return `shape ${preview(shape)} is not a list of non-negative integers`;
  const n = (shape as number[]).reduce((a, b) => a * b, 1);
  const isTyped = rawData instanceof Float64Array || rawData instanceof Float32Array;
  if (!isTyped && !Array.isArray(rawData)) return `data is ${preview(rawData)}, not an array of numbers`;
  const source = rawData as ArrayLike<unknown>;
  if (source.length !== n) return `shape ${preview(shape)} needs ${n} values, data has ${source.length}`;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = source[i];
    if (typeof x !== 'number') return `data[${i}] is ${preview(x)}, not a number`;
    data[i] = x;
  }
  return { dtype: dtype as DType, shape: shape as number[], data };
}

/** A one-line description of anything thrown, without trusting its own toString or message. */
export function describeThrown(e: unknown): string {
  let text: string | undefined;
  try {
    const m = (e as { message?: unknown } | null | undefined)?.message;
    if (typeof m === 'string' && m !== '') text = m;
  } catch {
    // a throwing getter: fall through
  }
  if (text === undefined) {
    try {
      const s = typeof e === 'string' ? e : String(e);
      if (typeof s === 'string') text = s;
    } catch {
      // no usable toString: fall through
    }
  }
  if (text === undefined) {
    try {
      text = Object.prototype.toString.call(e);
    } catch {
      text = 'an unprintable value';
    }
  }
  return text.length > 2000 ? `${text.slice(0, 2000)}... (${text.length} chars)` : text;
}

/** The clause a rejection names (`error.clause`), when it is a string. */
export function clauseOf(e: unknown): string | undefined {
  try {
    const c = (e as { clause?: unknown } | null | undefined)?.clause;
    return typeof c === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}

export function preview(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    // cyclic or hostile: fall back
  }
  if (typeof s !== 'string') s = describeThrown(v);
  return s.length > 120 ? `${s.slice(0, 120)}...` : s;
}
