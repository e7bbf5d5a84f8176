// Calling an implementation's backward safely (capability `backward`): the same guarded call as forward, with
// the answer read into fresh tensors and held to the request's names and shapes: a missing, extra or misshapen
// gradient is a failure of the implementation, never a harness crash.
import type { RunGuard } from '../run-guard.js';
import {
  type GruBackwardRequest,
  type GruBackwardResponse,
  gradientNames,
  gradientTarget,
} from './backward-request.js';
import type { Implementation } from './implementation.js';
import { type CallOutcome, describeThrown, guardedCall, preview, readTensor } from './safe-call.js';

export type BackwardCallOutcome =
  | { kind: 'result'; response: GruBackwardResponse }
  | Exclude<CallOutcome, { kind: 'result' }>;

/** backward(request) on a private copy of the request; the answer is read into fresh tensors. */
export async function safeBackwardCall(
  impl: Implementation,
  request: GruBackwardRequest,
  guard?: RunGuard,
): Promise<BackwardCallOutcome> {
  const o = await guardedCall(
    impl,
    request,
    (copy) => {
      if (impl.backward === undefined) throw new Error(`${impl.name} has no backward(request)`);
      return impl.backward(copy);
    },
    guard,
  );
  return o.kind === 'value' ? readBackwardResponse(o.value, request) : o;
}

/** The answer as {gradients} of fresh Float64Arrays, or a failure naming what is wrong with it. */
export function readBackwardResponse(value: unknown, request: GruBackwardRequest): BackwardCallOutcome {
  const fail = (why: string): BackwardCallOutcome => ({
    kind: 'failure',
    message: `returned something that is not {gradients} of the request's tensors (${why})`,
  });
  try {
    if (typeof value !== 'object' || value === null) return fail(`got ${preview(value)}`);
    const raw = (value as Record<string, unknown>).gradients;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return fail(`gradients is ${preview(raw)}`);
    const given = Object.keys(raw);
    const names = gradientNames(request);
    const missing = names.filter((n) => !given.includes(n));
    const extra = given.filter((n) => !names.includes(n));
    if (missing.length > 0) return fail(`missing ${missing.join(', ')}`);
    if (extra.length > 0) return fail(`unexpected ${extra.join(', ')}`);
    const gradients: GruBackwardResponse['gradients'] = {};
    for (const name of names) {
      const t = readTensor((raw as Record<string, unknown>)[name]);
      if (typeof t === 'string') return fail(`${name}: ${t}`);
      const want = gradientTarget(request, name);
      if (want !== undefined && t.shape.join(',') !== want.shape.join(','))
        return fail(`${name} has shape [${t.shape}], its tensor has [${want.shape}]`);
      gradients[name] = t;
    }
    return { kind: 'result', response: { gradients } };
  } catch (e) {
    return { kind: 'failure', message: `reading its answer threw: ${describeThrown(e)}` };
  }
}
