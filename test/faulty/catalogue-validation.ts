// Faulty GRUs that accept a call nn.GRU rejects (gru.err.*): each drops one check and computes on.
import { type Check, FORWARD_CHECKS, KWARG_CHECKS } from './base-checks.js';
import { type FaultInfo, type FaultyGru, faultySteps } from './fault.js';

const without = <C>(checks: Check<C>[], clause: string) => checks.filter((c) => c.clause !== clause);

/** A GRU that skips the forward check for `info.clause`. */
const forwardUnchecked = (info: FaultInfo): FaultyGru =>
  faultySteps(info, { forwardChecks: without(FORWARD_CHECKS, info.clause) });

/** A GRU that makes the forward check for `info.clause` but names `named` when it rejects. */
const forwardMisfiled = (info: FaultInfo, named: string): FaultyGru =>
  faultySteps(info, {
    forwardChecks: FORWARD_CHECKS.map((c) => (c.clause === info.clause ? { ...c, clause: named } : c)),
  });

/** A GRU that skips the constructor check for `info.clause`. */
const kwargUnchecked = (info: FaultInfo): FaultyGru =>
  faultySteps(info, { kwargChecks: without(KWARG_CHECKS, info.clause) });

export const validationFaults: FaultyGru[] = [
  forwardUnchecked({
    id: 'input-features-unchecked',
    description:
      'accepts an input whose last dimension differs from input_size and reads it with the wrong stride',
    clause: 'gru.err.input-features',
    variant: 'accepts-invalid',
  }),
  forwardUnchecked({
    id: 'hx-shape-unchecked',
    description:
      'accepts an hx of the wrong shape and reads its numbers as if it were (D * num_layers, N, H)',
    clause: 'gru.err.hx-shape',
    variant: 'accepts-invalid',
    models: 'https://github.com/pytorch/pytorch/issues/144116 (a batch-first hx passed by mistake)',
  }),
  forwardUnchecked({
    id: 'hx-dtype-unchecked',
    description: 'accepts an hx whose dtype differs from the input',
    clause: 'gru.err.hx-dtype',
    variant: 'accepts-invalid',
  }),
  forwardUnchecked({
    id: 'input-dtype-unchecked',
    description: "accepts an input whose dtype differs from the parameters' and returns the input's dtype",
    clause: 'gru.err.input-dtype',
    variant: 'accepts-invalid',
  }),
  forwardUnchecked({
    id: 'seq-len-zero-accepted',
    description: 'accepts a sequence of length 0 and returns an empty output with h_n = hx',
    clause: 'gru.err.seq-len-zero',
    variant: 'accepts-invalid',
  }),
  forwardMisfiled(
    {
      id: 'hx-shape-misfiled',
      description:
        'rejects an hx of the wrong shape but names gru.err.input-features: one shape check copied for both tensors',
      clause: 'gru.err.hx-shape',
      variant: 'wrong-clause',
    },
    'gru.err.input-features',
  ),
  forwardMisfiled(
    {
      id: 'input-dtype-misfiled',
      description:
        'rejects an input of the wrong dtype but names gru.err.hx-dtype (one message for every dtype clash)',
      clause: 'gru.err.input-dtype',
      variant: 'wrong-clause',
    },
    'gru.err.hx-dtype',
  ),
  kwargUnchecked({
    id: 'proj-size-accepted',
    description: 'accepts proj_size (an LSTM-only kwarg) and ignores it',
    clause: 'gru.err.proj-size',
    variant: 'accepts-invalid',
  }),
  kwargUnchecked({
    id: 'unknown-kwarg-ignored',
    description: 'ignores unknown kwargs such as nonlinearity instead of raising TypeError',
    clause: 'gru.err.unknown-kwarg',
    variant: 'accepts-invalid',
  }),
  kwargUnchecked({
    id: 'bias-int-accepted',
    description: 'accepts a non-bool bias such as 0 and uses its truthiness',
    clause: 'gru.err.bias-type',
    variant: 'accepts-invalid',
  }),
  kwargUnchecked({
    id: 'dropout-range-unchecked',
    description: 'accepts a dropout outside [0, 1] such as 1.5',
    clause: 'gru.err.dropout-range',
    variant: 'accepts-invalid',
  }),
];
