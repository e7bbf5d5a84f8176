// The two forms of a variable-length call as the packed family sees them: the capability each needs, the part of
// the check ids that names it, and how one valid call in it is judged.
import { resolveKwargs } from '../../oracle/index.js';
import { type PackedForm, paddingLeak } from '../cases/packed-case.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { safeCall } from '../contract/safe-call.js';
import { expectationOf, judgeCall } from '../judging/expectation.js';
import type { Verdict } from '../judging/verdict.js';
import type { CheckContext, Requirement } from './types.js';

export interface FormInfo {
  form: PackedForm;
  /** In check ids: packed.sequence.* (PackedSequence) or packed.lengths.* (padded with lengths). */
  idPart: 'sequence' | 'lengths';
  requires: Requirement;
  /** Clauses every call of the form evidences besides the check's own. */
  clauses: string[];
  /** How titles say the form. */
  label: string;
}

export const FORMS: readonly FormInfo[] = [
  {
    form: 'packed',
    idPart: 'sequence',
    requires: { capability: 'packed', reason: 'PackedSequence input needs the packed capability' },
    clauses: [],
    label: 'as a PackedSequence',
  },
  {
    form: 'sequenceLengths',
    idPart: 'lengths',
    requires: {
      capability: 'sequenceLengths',
      reason: 'padded input with lengths needs the sequenceLengths capability',
    },
    clauses: ['gru.packed.pad-total-length'],
    label: 'padded, with lengths',
  },
];

/**
 * Judges one valid call against the oracle (or against `recorded`, PyTorch's answer, with the golden allowance).
 * In the padded form every value past its sequence's length must also be exactly 0, as pad_packed_sequence
 * writes it: what the padding holds never reaches a result, not even within the tolerance.
 */
export async function judgePackedCall(
  ctx: CheckContext,
  request: GruRequest,
  recorded?: GruResponse,
): Promise<Verdict> {
  const expectation = expectationOf(request, recorded);
  const outcome = await safeCall(ctx.impl, request, ctx.guard);
  const verdict = judgeCall(outcome, expectation);
  const lengths = request.sequenceLengths?.lengths;
  if (!verdict.ok || outcome.kind !== 'result' || lengths === undefined) return verdict;
  const batchFirst = resolveKwargs(request.kwargs).options.batch_first;
  const leak = paddingLeak(outcome.response.output, lengths, batchFirst);
  if (leak === null) return verdict;
  return {
    ...verdict,
    ok: false,
    message: `output at step ${leak.t} of sequence ${leak.b} (length ${lengths[leak.b]}) is ${leak.value}: past its length the padded output must be exactly 0 (gru.packed.pad-total-length)`,
  };
}
