// Every golden tells nn.GRU apart from the known wrong variants: each variant that applies to the golden's
// configuration misses PyTorch's recorded result by more than the tolerance. A float16 or bfloat16 allowance is
// wider than some variants' effect on some calls, so the half-precision goldens separate the variants together:
// each one at least one variant, and every variant that applies to one of them is separated by some.
import { describe, expect, it } from 'vitest';
import { goldenRequest } from '../../harness/cases/goldens.js';
import { judge } from '../../harness/judging/judge.js';
import { KNOWN_VARIANTS } from '../../harness/variants/registry.js';
import { variantForward } from '../../harness/variants/variant-gru.js';
import { applies, EVAL_GOLDENS, goldenTolerance, isHalf, separation } from './distinguishability.js';

const FULL = EVAL_GOLDENS.filter((g) => !isHalf(g));
const HALF = EVAL_GOLDENS.filter(isHalf);

describe(`distinguishability of ${EVAL_GOLDENS.length} eval-mode forward goldens`, () => {
  it.each(FULL.map((g) => [g.clauses[0], g.id, g] as const))(
    '%s: golden %s separates every applicable variant',
    (_c, _id, g) => {
      const { separated, blind } = separation(g);
      expect(blind, `${g.id} cannot tell these variants from nn.GRU`).toEqual([]);
      expect(separated.length, `${g.id} separates no variant`).toBeGreaterThan(0);
    },
  );

  it.each(HALF.map((g) => [g.id, g] as const))(
    'gru.dtype.half-arithmetic: half-precision golden %s separates some variant',
    (_id, g) => {
      const { separated } = separation(g);
      expect(separated.length, `${g.id} separates no variant`).toBeGreaterThan(0);
    },
  );

  it.each(['float16', 'bfloat16'])(
    'gru.dtype.half-arithmetic: the %s goldens together separate every variant that applies to one of them',
    (dtype) => {
      const goldens = HALF.filter((g) => g.dtype === dtype);
      const separatedBySome = new Set(goldens.flatMap((g) => separation(g).separated));
      const applicable = KNOWN_VARIANTS.filter((v) => goldens.some((g) => applies(v, g))).map((v) => v.id);
      expect(applicable.filter((id) => !separatedBySome.has(id))).toEqual([]);
      expect(applicable.length).toBeGreaterThan(15);
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
