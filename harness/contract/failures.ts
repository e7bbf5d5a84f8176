// How a call to a subprocess implementation can go wrong: misbehaviour, or a rejection of the call.

export type FailureKind = 'crash' | 'exit' | 'timeout' | 'protocol' | 'oversized';

/** The implementation misbehaved (as opposed to rejecting the call); the process has been killed. */
export class ImplementationFailure extends Error {
  readonly kind: FailureKind;
  constructor(kind: FailureKind, message: string) {
    super(message);
    this.name = 'ImplementationFailure';
    this.kind = kind;
  }
}

/** The implementation rejected the call, as nn.GRU does for invalid calls. */
export class RejectedCallError extends Error {
  readonly clause?: string;
  constructor(message: string, clause?: string) {
    super(message);
    this.name = 'RejectedCallError';
    if (clause !== undefined) this.clause = clause;
  }
}
