// The conditioning scale of a golden's call taken over its finite values only: a NaN or an infinity written
// into the call on purpose (golden/special_cases.py) would otherwise make the scale, and every allowance,
// non-finite. For a golden without such values it is conditioningScale itself.
import type { Golden } from '../../harness/goldens.js';
import { conditioningScale } from '../../harness/tolerance.js';
import type { Tensor } from '../../oracle/index.js';

/** The tensor with every non-finite value replaced by 0. */
export const finitePart = (t: Tensor): Tensor => ({
  ...t,
  data: t.data.map((v) => (Number.isFinite(v) ? v : 0)),
});

export function finiteConditioningScale(g: Golden): number {
  const params = Object.fromEntries(Object.entries(g.parameters).map(([k, t]) => [k, finitePart(t)]));
  return conditioningScale(g.kwargs, params, finitePart(g.input), g.hx && finitePart(g.hx));
}
