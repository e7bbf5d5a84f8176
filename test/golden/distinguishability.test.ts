// Every golden tells nn.GRU apart from the known wrong variants: each variant that applies to the golden's
// configuration misses PyTorch's recorded result by more than the tolerance.
import { describe, expect, it } from 'vitest';
import { goldenRequest } from '../../harness/cases/goldens.js';
import { judge } from '../../harness/judging/judge.js';
import { variantForward } from '../../harness/variants/variant-gru.js';
import { EVAL_GOLDENS, goldenTolerance, separation } from './distinguishability.js';

describe(`distinguishability of ${EVAL_GOLDENS.length} eval-mode forward goldens`, () => {
  it.each(EVAL_GOLDENS.map((g) => [g.clauses[0], g.id, g] as const))(
    '%s: golden %s separates every applicable variant',
    (_c, _id, g) => {
      const { separated, blind } = separation(g);
      expect(blind, `${g.id} cannot tell these variants from nn.GRU`).toEqual([]);
      expect(separated.length, `${g.id} separates no variant`).toBeGreaterThan(0);
    },
  );

  it('gru.eq.new-gate: with every switch off, the variant GRU reproduces the goldens (so each miss is the variant)', () => {
    for (const g of EVAL_GOLDENS) {
      const tol = goldenTolerance(g);
      const v = judge(
        { kind: 'result', response: variantForward({}, goldenRequest(g)) },
        { output: g.expected.output!, h_n: g.expected.h_n! },
        tol,
      );
      expect(v.ok, `${g.id}: ${v.message}`).toBe(true);
    }
  });
});
