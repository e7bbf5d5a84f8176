// Every golden tells nn.GRU apart from the known wrong variants: each variant that applies to the golden's
// configuration misses PyTorch's recorded result by more than the tolerance.
import { afterAll, describe, expect, it } from 'vitest';
import { judge } from '../../harness/checks/oracle-compare.js';
import { variantForward } from '../../harness/diagnosis/variant-gru.js';
import { EQUATION_VARIANTS, STRUCTURE_VARIANTS, type Variant } from '../../harness/diagnosis/variants.js';
import { type Golden, goldenRequest, loadGolden, loadManifest } from '../../harness/goldens.js';
import { conditioningScale, TOLERANCE_FACTOR, toleranceFor } from '../../harness/tolerance.js';
import { resolveKwargs } from '../../oracle/index.js';

const goldens = loadManifest()
  .cases.filter((e) => e.kind === 'forward')
  .map((e) => loadGolden(e))
  .filter((g) => g.mode === 'eval');

/** Goldens that evidence shapes only: with a batch of 0 there are no values for a variant to change. */
const SHAPE_ONLY = new Set([
  'edge-batch-0-hx-f32',
  'edge-batch-0-hx-f64',
  'edge-batch-0-nohx-f32',
  'edge-batch-0-nohx-f64',
]);

/** Whether a variant can change this golden's result at all (e.g. reverse-direction variants need D = 2). */
function applies(v: Variant, g: Golden): boolean {
  const o = resolveKwargs(g.kwargs).options;
  const batched = g.input.shape.length === 3;
  const steps = batched && o.batch_first ? g.input.shape[1] : g.input.shape[0];
  const batch = !batched ? 1 : o.batch_first ? g.input.shape[0] : g.input.shape[1];
  if (batch === 0) return v.id === 'h-n-batch-first' && o.batch_first && batched;
  // tanh(v) overflows only for |v| > 710. Conversely, the allowance grows with the conditioning scale m
  // (spec/tolerance.md): once it exceeds 1e-3 it is too wide to resolve the value variants, whose effects
  // are 1e-3 to 1 on unit-scale data; such goldens (large magnitudes) evidence saturation only.
  const scale = conditioningScale(g.kwargs, g.parameters, g.input, g.hx);
  if (v.id === 'overflowing-tanh') return scale > 710;
  if (toleranceFor(g.dtype, scale, 2 * TOLERANCE_FACTOR[g.dtype]).unit * scale > 1e-3) return false;
  switch (v.id) {
    case 'reverse-not-reversed':
    case 'reverse-not-realigned':
      return o.bidirectional && steps > 1;
    case 'h-n-direction-swapped':
      return o.bidirectional;
    case 'h-n-layer-reversed':
      return o.num_layers > 1;
    case 'h-n-batch-first':
    case 'batch-first-ignored':
      return o.batch_first && batched;
    case 'b-hn-outside-reset':
      return o.bias;
    case 'hx-ignored':
      return g.hx !== null;
    case 'no-recurrence':
      return steps > 1;
    default:
      return true;
  }
}

const separated = new Map<string, number>();

describe(`distinguishability of ${goldens.length} eval-mode forward goldens`, () => {
  it.each(goldens.map((g) => [g.clauses[0], g.id, g] as const))(
    '%s: golden %s separates every applicable variant',
    (_c, _id, g) => {
      const request = goldenRequest(g);
      const tol = toleranceFor(
        g.dtype,
        conditioningScale(g.kwargs, g.parameters, g.input, g.hx),
        2 * TOLERANCE_FACTOR[g.dtype],
      );
      const expected = { output: g.expected.output!, h_n: g.expected.h_n! };
      const blind: string[] = [];
      let count = 0;
      for (const v of [...EQUATION_VARIANTS, ...STRUCTURE_VARIANTS].filter((v) => applies(v, g))) {
        // A variant that cannot even run this call (its hx no longer fits, say) is separated by it too.
        let ok = false;
        try {
          ok = judge({ kind: 'result', response: variantForward(v.switches, request) }, expected, tol).ok;
        } catch {
          ok = false;
        }
        if (ok) blind.push(v.id);
        else count++;
      }
      separated.set(g.id, count);
      expect(blind, `${g.id} cannot tell these variants from nn.GRU`).toEqual([]);
      if (!SHAPE_ONLY.has(g.id)) expect(count, `${g.id} separates no variant`).toBeGreaterThan(0);
    },
  );

  it('gru.eq.new-gate: with every switch off, the variant GRU reproduces the goldens (so each miss is the variant)', () => {
    for (const g of goldens) {
      const tol = toleranceFor(
        g.dtype,
        conditioningScale(g.kwargs, g.parameters, g.input, g.hx),
        2 * TOLERANCE_FACTOR[g.dtype],
      );
      const v = judge(
        { kind: 'result', response: variantForward({}, goldenRequest(g)) },
        { output: g.expected.output!, h_n: g.expected.h_n! },
        tol,
      );
      expect(v.ok, `${g.id}: ${v.message}`).toBe(true);
    }
  });
});

afterAll(() => {
  const counts = [...separated.values()];
  if (counts.length === 0) return;
  const min = Math.min(...counts);
  console.log(
    `distinguishability: each golden separates ${min} to ${Math.max(...counts)} known variants (fewest: ${[
      ...separated,
    ]
      .filter(([, n]) => n === min)
      .map(([id]) => id)
      .slice(0, 5)
      .join(', ')})`,
  );
});
