// Calling an implementation's cell safely (capability `cell`): the same guarded call as forward, with the
// answer read as {h} into a fresh tensor.
import type { RunGuard } from '../run-guard.js';
import type { GruCellRequest, GruCellResponse } from './cell-request.js';
import type { Implementation } from './implementation.js';
import { type CallOutcome, describeThrown, guardedCall, preview, readTensor } from './safe-call.js';

export type CellCallOutcome =
  | { kind: 'result'; response: GruCellResponse }
  | Exclude<CallOutcome, { kind: 'result' }>;

/** forwardCell(request) on a private copy of the request; the answer is read into a fresh tensor. */
export async function safeCellCall(
  impl: Implementation,
  request: GruCellRequest,
  guard?: RunGuard,
): Promise<CellCallOutcome> {
  const o = await guardedCall(
    impl,
    request,
    (copy) => {
      if (impl.forwardCell === undefined) throw new Error(`${impl.name} has no forwardCell(request)`);
      return impl.forwardCell(copy);
    },
    guard,
  );
  return o.kind === 'value' ? readCellResponse(o.value) : o;
}

/** The answer as {h} of a fresh Float64Array, or a failure saying what is wrong with it. */
export function readCellResponse(value: unknown): CellCallOutcome {
  try {
    if (typeof value !== 'object' || value === null)
      return { kind: 'failure', message: `returned something that is not {h: tensor}: ${preview(value)}` };
    const h = readTensor((value as Record<string, unknown>).h);
    if (typeof h === 'string')
      return { kind: 'failure', message: `returned something that is not {h: tensor} (h: ${h})` };
    return { kind: 'result', response: { h } };
  } catch (e) {
    return { kind: 'failure', message: `reading its answer threw: ${describeThrown(e)}` };
  }
}
