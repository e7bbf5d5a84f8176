// A time step whose input features are all zeros is a step like any other (gru.eq.recurrence): the state still
// moves (the biases and W_hh h act), unlike Keras's mask_zero, which skips such a step and carries the state.
import fc from 'fast-check';
import { caseRequest, type GruCase, gruCaseArb } from '../cases/gru-case.js';
import type { GruRequest } from '../contract/request.js';
import { judgeRequest } from './numeric.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

/** The request with every feature of time step `pick mod L` zeroed, in every batch row (+0.0 or -0.0). */
export function zeroInputStep(c: GruCase, pick: number, negative: boolean): GruRequest {
  const r = caseRequest(c);
  const [steps, batch] = !c.batched
    ? [r.input.shape[0], 1]
    : c.batch_first
      ? [r.input.shape[1], r.input.shape[0]]
      : [r.input.shape[0], r.input.shape[1]];
  const features = r.input.shape[r.input.shape.length - 1];
  const t = pick % Math.max(1, steps);
  const data = Float64Array.from(r.input.data);
  for (let n = 0; n < batch; n++) {
    // time-major: (t, n); batch-first: (n, t); unbatched: (t)
    const row = c.batched && c.batch_first ? n * steps + t : t * batch + n;
    data.fill(negative ? -0 : 0, row * features, (row + 1) * features);
  }
  return { ...r, input: { ...r.input, data } };
}

export const ZERO_INPUT_STEP_CHECK: Check = {
  id: 'numeric.zero-input-step',
  family: 'numeric',
  clauses: ['gru.eq.recurrence', 'gru.eq.hidden-update'],
  title: 'a time step whose input is all zeros is computed like any other (no masking): matches the oracle',
  run: (ctx) =>
    runProperty(
      'numeric.zero-input-step',
      fc.tuple(gruCaseArb({ dtypes: ctx.dtypes, longSteps: 0 }), fc.nat(), fc.boolean()),
      ctx,
      ([c, pick, negative]) => judgeRequest(ctx, zeroInputStep({ ...c, bias: true }, pick, negative)),
    ),
};
