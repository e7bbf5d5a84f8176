// Judging the answer to a call nn.GRU rejects: it must be rejected, and for the right reason.
//
// gru.err.*: every error clause names one reason PyTorch refuses a call. An implementation that rejects a
// call says which clause it breaks (the protocol's `error.clause`, an in-process error's `clause` property).
// Naming another clause is a failure of its own kind (`wrong-clause`): the implementation refused the call for a
// reason that does not hold, so the check it should have made may be missing. Naming none is a warning, or a
// failure under --strict-clauses.
import type { GruRequest } from '../contract/request.js';
import type { CallOutcome } from '../contract/safe-call.js';
import { answerOf } from '../judging/evidence.js';
import { STOPPED_VERDICT, type Verdict } from '../judging/verdict.js';

export interface InvalidCall {
  /** The error clause the call breaks, and only that one. */
  clause: string;
  /** The call, in a few words, for messages. */
  what: string;
  /** What PyTorch raises for it, when recorded. */
  pytorch?: string;
  /** The forward request itself, for a failure's evidence (--dump); the cell's calls have none yet. */
  request?: GruRequest;
}

/** How an invalid call went, whatever it asked for (forward, or the cell): an answer of any kind is a result. */
export type RejectionOutcome = Exclude<CallOutcome, { kind: 'result' }> | { kind: 'result' };

/**
 * Verdict on the outcome of an invalid call; a failure of a forward call (one with its request) carries the
 * request and the answer as its evidence (--dump). The cell's invalid calls keep none yet.
 */
export function judgeRejection(o: RejectionOutcome, call: InvalidCall, strictClauses: boolean): Verdict {
  const v = rejectionVerdict(o, call, strictClauses);
  if (v.ok || o.kind === 'stopped' || v.kind === undefined || call.request === undefined) return v;
  if (o.kind === 'result' && !('response' in o)) return v;
  const expectedRejection = { clause: call.clause, ...(call.pytorch ? { pytorch: call.pytorch } : {}) };
  const answer = answerOf(o as Exclude<CallOutcome, { kind: 'stopped' }>);
  const calls = [{ method: 'forward' as const, request: call.request, answer }];
  return { ...v, evidence: { kind: v.kind, calls, compared: [], expectedRejection } };
}

function rejectionVerdict(o: RejectionOutcome, call: InvalidCall, strictClauses: boolean): Verdict {
  const raises = call.pytorch ? `; PyTorch raises ${call.pytorch}` : '';
  switch (o.kind) {
    case 'stopped':
      return STOPPED_VERDICT;
    case 'result':
      return {
        ok: false,
        kind: 'accepted-invalid',
        message: `accepted an invalid call (${call.clause}): ${call.what}${raises}`,
      };
    case 'failure':
      return {
        ok: false,
        kind: 'crashed',
        message: `failed instead of rejecting (${call.clause}): ${o.message}`,
      };
    case 'rejected':
      if (o.clause === undefined) {
        const missing = `rejected ${call.what} without naming a clause (expected ${call.clause})`;
        return strictClauses
          ? { ok: false, kind: 'missing-clause', message: `${missing}; --strict-clauses requires one` }
          : { ok: true, message: 'rejected', warning: missing };
      }
      if (o.clause !== call.clause) {
        return {
          ok: false,
          kind: 'wrong-clause',
          message: `rejected for the wrong reason: named ${o.clause}, but the call breaks ${call.clause}: ${call.what}${raises} (its message: ${o.message})`,
        };
      }
      return { ok: true, message: 'rejected' };
  }
}
