// What a failing case was made of, for --dump: each call the implementation got with what came back, and what
// was compared with what under which allowance. While judging it is a handful of references (no copies, the
// allowance still a Tolerance); `settleEvidence` turns the evidence of the failure a report keeps into plain data,
// allowances computed, that a worker thread can post and a file can hold.
import type { Tensor } from '../../oracle/index.js';
import type { InitRequest } from '../contract/implementation.js';
import type { GruRequest } from '../contract/request.js';
import type { CallOutcome } from '../contract/safe-call.js';
import type { TensorProblem } from './compare.js';
import { allowance, type ComparedWith, type Tolerance } from './tolerance.js';

/**
 * How an invalid call went wrong: `accepted-invalid` (answered it), `crashed` (failed instead of rejecting),
 * `wrong-clause` (rejected it naming a clause the call does not break), `missing-clause` (rejected it naming
 * none, under --strict-clauses). Value failures carry no kind.
 */
export type FailureKind = 'accepted-invalid' | 'crashed' | 'wrong-clause' | 'missing-clause';

/** What the implementation answered: tensors, a rejection, a failure (crash, timeout, bad answer), a state_dict. */
export type Answer =
  | { kind: 'result'; output: Tensor; h_n: Tensor }
  | { kind: 'rejected'; message: string; clause?: string }
  | { kind: 'failure'; message: string }
  /** init: each returned parameter, or why it could not be read as a tensor. */
  | { kind: 'state_dict'; parameters: Record<string, Tensor | string> };

export type CallRecord =
  | { method: 'forward'; request: GruRequest; answer: Answer }
  | { method: 'init'; request: InitRequest; answer: Answer };

/**
 * How the case failed, for the dump's index: a tensor's `shape`, `dtype`, `non-finite` values or `values`; a
 * valid call `rejected` or `call-failed` (a crash, a timeout, an answer that is not tensors); `unrelatable`:
 * a relation could not combine the answers (shapes it cannot slice or join); an invalid call's FailureKind;
 * `init` for a state_dict that breaks gru.init.uniform or the parameter clauses.
 */
export type EvidenceKind = TensorProblem | 'rejected' | 'call-failed' | 'unrelatable' | FailureKind | 'init';

/** One tensor compared with its expected value; `allowance` per element, or null where there is none. */
export interface Compared<A> {
  what: string;
  expected: Tensor;
  /** null: nothing came back to compare (a rejection or a failure). */
  actual: Tensor | null;
  allowance: A;
}

export interface EvidenceOf<A> {
  kind: EvidenceKind;
  /** What the expected tensors are: the oracle's result, PyTorch's recorded one, or the implementation's own. */
  comparedWith?: ComparedWith;
  calls: CallRecord[];
  compared: Compared<A>[];
  /** An invalid call: the rejection it should have got. */
  expectedRejection?: { clause: string; pytorch?: string };
}

/** As judging holds it: references, the allowance as a tolerance (its spread computed on demand). */
export type PendingEvidence = EvidenceOf<Tolerance | null>;
/**
 * Plain data: each allowance as a tensor of the expected's shape, K u (m + |expected|) + K spread per element, an
 * element passing when |actual - expected| <= allowance; 0 where the expected value is not finite (there the
 * actual must be the same: NaN for NaN, the same infinity).
 */
export type Evidence = EvidenceOf<Tensor | null>;

/** The answer of a forward call (never `stopped`: a stopped call is not judged). */
export function answerOf(outcome: Exclude<CallOutcome, { kind: 'stopped' }>): Answer {
  if (outcome.kind === 'result')
    return { kind: 'result', output: outcome.response.output, h_n: outcome.response.h_n };
  if (outcome.kind === 'rejected')
    return {
      kind: 'rejected',
      message: outcome.message,
      ...(outcome.clause ? { clause: outcome.clause } : {}),
    };
  return { kind: 'failure', message: outcome.message };
}

/** The kind of a failed comparison of tensors: the worst problem of any of them. */
export function problemKind(problems: (TensorProblem | undefined)[]): EvidenceKind {
  for (const p of ['shape', 'dtype', 'non-finite'] as const) if (problems.includes(p)) return p;
  return 'values';
}

/** Each element's allowance under `tol`, for the expected tensor. */
function allowanceTensor(expected: Tensor, tol: Tolerance): Tensor {
  const data = new Float64Array(expected.data.length);
  for (let i = 0; i < data.length; i++) {
    const e = expected.data[i];
    data[i] = Number.isFinite(e) ? allowance(tol, e, i) : 0;
  }
  return { dtype: 'float64', shape: [...expected.shape], data };
}

/** The evidence as plain data, allowances computed. */
export function settleEvidence(e: PendingEvidence): Evidence {
  return {
    ...e,
    compared: e.compared.map((c) => ({
      ...c,
      allowance: c.allowance === null ? null : allowanceTensor(c.expected, c.allowance),
    })),
  };
}
