// Calling an implementation safely: every way it can misbehave becomes a value, never a harness crash.
import type { Tensor } from '../../oracle/index.js';
import type { Implementation } from '../implementation.js';
import type { GruRequest, GruResponse } from '../request.js';

export type CallOutcome =
  | { kind: 'result'; response: GruResponse }
  | { kind: 'rejected'; message: string; clause?: string }
  | { kind: 'failure'; message: string };

/** Thrown by the subprocess client when the implementation crashed, hung or broke the protocol. */
export function isImplementationFailure(e: unknown): boolean {
  return e instanceof Error && e.name === 'ImplementationFailure';
}

function isTensor(t: unknown): t is Tensor {
  const v = t as { dtype: unknown; shape: unknown; data: unknown };
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.shape) &&
    (v.data instanceof Float64Array || v.data instanceof Float32Array || Array.isArray(v.data)) &&
    (v.data as ArrayLike<number>).length === (v.shape as number[]).reduce((a, b) => a * b, 1) &&
    (v.dtype === 'float32' || v.dtype === 'float64')
  );
}

function asTensor(t: Tensor): Tensor {
  return t.data instanceof Float64Array ? t : { ...t, data: Float64Array.from(t.data as ArrayLike<number>) };
}

export async function safeCall(impl: Implementation, request: GruRequest): Promise<CallOutcome> {
  let response: unknown;
  try {
    response = await impl.forward(request);
  } catch (e) {
    const err = e as Error & { clause?: string };
    if (isImplementationFailure(e)) return { kind: 'failure', message: err.message };
    return { kind: 'rejected', message: err?.message ?? String(e), clause: err?.clause };
  }
  const r = response as GruResponse;
  if (typeof r !== 'object' || r === null || !isTensor(r.output) || !isTensor(r.h_n)) {
    return {
      kind: 'failure',
      message: `returned something that is not {output, h_n} tensors: ${preview(response)}`,
    };
  }
  return { kind: 'result', response: { output: asTensor(r.output), h_n: asTensor(r.h_n) } };
}

function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 120 ? `${s.slice(0, 120)}...` : s;
}
