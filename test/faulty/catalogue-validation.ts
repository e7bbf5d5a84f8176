// Faulty GRUs that accept a call nn.GRU rejects (gru.err.*): each drops one check and computes on.
import { type Check, FORWARD_CHECKS, type ForwardCall, KWARG_CHECKS, stateShape } from './base-checks.js';
import { baseSteps, type FaultInfo, type FaultyGru, faultySteps } from './fault.js';

const without = <C>(checks: Check<C>[], clause: string) => checks.filter((c) => c.clause !== clause);

/** A GRU that skips the forward check for `info.clause`. */
const forwardUnchecked = (info: FaultInfo): FaultyGru =>
  faultySteps(info, { forwardChecks: without(FORWARD_CHECKS, info.clause) });

/** A GRU that makes the forward check for `info.clause` but names `named` when it rejects. */
const forwardMisfiled = (info: FaultInfo, named: string): FaultyGru =>
  faultySteps(info, {
    forwardChecks: FORWARD_CHECKS.map((c) => (c.clause === info.clause ? { ...c, clause: named } : c)),
  });

/** The base's checks with the one for `clause` replaced. */
const replaced = <C>(checks: Check<C>[], clause: string, rejects: Check<C>['rejects']) =>
  checks.map((c) => (c.clause === clause ? { clause, rejects } : c));

/** An hx whose batch is 1 where the input's is larger: (D * num_layers, 1, H) for (D * num_layers, N, H). */
const batchOneHx = ({ o, input, hx }: ForwardCall): boolean => {
  const want = stateShape(o, input);
  return (
    hx !== null &&
    want.length === 3 &&
    hx.shape.length === 3 &&
    hx.shape[0] === want[0] &&
    hx.shape[1] === 1 &&
    hx.shape[2] === want[2]
  );
};
const hxShapeCheck = FORWARD_CHECKS.find((c) => c.clause === 'gru.err.hx-shape')!;

/** A GRU that skips the constructor check for `info.clause`. */
const kwargUnchecked = (info: FaultInfo): FaultyGru =>
  faultySteps(info, { kwargChecks: without(KWARG_CHECKS, info.clause) });

export const validationFaults: FaultyGru[] = [
  forwardUnchecked({
    id: 'input-features-unchecked',
    description:
      'accepts an input whose last dimension differs from input_size and reads it with the wrong stride',
    clause: 'gru.err.input-features',
    mistake: 'accepts-invalid',
  }),
  forwardUnchecked({
    id: 'hx-shape-unchecked',
    description:
      'accepts an hx of the wrong shape and reads its numbers as if it were (D * num_layers, N, H)',
    clause: 'gru.err.hx-shape',
    mistake: 'accepts-invalid',
    models: 'https://github.com/pytorch/pytorch/issues/144116 (a batch-first hx passed by mistake)',
  }),
  forwardUnchecked({
    id: 'hx-dtype-unchecked',
    description: 'accepts an hx whose dtype differs from the input',
    clause: 'gru.err.hx-dtype',
    mistake: 'accepts-invalid',
  }),
  forwardUnchecked({
    id: 'input-dtype-unchecked',
    description: "accepts an input whose dtype differs from the parameters' and returns the input's dtype",
    clause: 'gru.err.input-dtype',
    mistake: 'accepts-invalid',
  }),
  forwardUnchecked({
    id: 'seq-len-zero-accepted',
    description: 'accepts a sequence of length 0 and returns an empty output with h_n = hx',
    clause: 'gru.err.seq-len-zero',
    mistake: 'accepts-invalid',
  }),
  forwardMisfiled(
    {
      id: 'hx-shape-misfiled',
      description:
        'rejects an hx of the wrong shape but names gru.err.input-features: one shape check copied for both tensors',
      clause: 'gru.err.hx-shape',
      mistake: 'wrong-clause',
    },
    'gru.err.input-features',
  ),
  forwardMisfiled(
    {
      id: 'input-dtype-misfiled',
      description:
        'rejects an input of the wrong dtype but names gru.err.hx-dtype (one message for every dtype clash)',
      clause: 'gru.err.input-dtype',
      mistake: 'wrong-clause',
    },
    'gru.err.hx-dtype',
  ),
  kwargUnchecked({
    id: 'proj-size-accepted',
    description: 'accepts proj_size (an LSTM-only kwarg) and ignores it',
    clause: 'gru.err.proj-size',
    mistake: 'accepts-invalid',
  }),
  kwargUnchecked({
    id: 'unknown-kwarg-ignored',
    description: 'ignores unknown kwargs such as nonlinearity instead of raising TypeError',
    clause: 'gru.err.unknown-kwarg',
    mistake: 'accepts-invalid',
  }),
  kwargUnchecked({
    id: 'bias-int-accepted',
    description: 'accepts a non-bool bias such as 0 and uses its truthiness',
    clause: 'gru.err.bias-type',
    mistake: 'accepts-invalid',
  }),
  kwargUnchecked({
    id: 'dropout-range-unchecked',
    description: 'accepts a dropout outside [0, 1] such as 1.5',
    clause: 'gru.err.dropout-range',
    mistake: 'accepts-invalid',
  }),
  faultySteps(
    {
      id: 'dropout-nan-accepted',
      description: 'tests dropout as !(p < 0 || p > 1), which NaN passes, and so accepts dropout=NaN',
      clause: 'gru.err.dropout-range',
      mistake: 'accepts-invalid',
    },
    {
      kwargChecks: replaced(KWARG_CHECKS, 'gru.err.dropout-range', (k) => {
        const p = k.dropout;
        const ok = !Object.hasOwn(k, 'dropout') || (typeof p === 'number' && !(p < 0 || p > 1));
        return ok ? undefined : `dropout ${String(p)} is not a number in [0, 1]`;
      }),
    },
  ),
  faultySteps(
    {
      id: 'hx-batch-one-broadcast',
      description:
        'accepts an hx of batch 1 for a larger batch and broadcasts it, numpy-style, to every batch entry',
      clause: 'gru.err.hx-shape',
      mistake: 'accepts-invalid',
    },
    {
      forwardChecks: replaced(FORWARD_CHECKS, 'gru.err.hx-shape', (call) =>
        batchOneHx(call) ? undefined : hxShapeCheck.rejects(call),
      ),
      initialState(o, call, layer, d, n) {
        const rows = (o.bidirectional ? 2 : 1) * o.num_layers;
        const broadcast = call.hx.length === rows * o.hidden_size && call.batch > 1;
        return baseSteps.initialState(o, call, layer, d, broadcast ? 0 : n);
      },
    },
  ),
];
