// Every golden replayed through the oracle: PyTorch's recorded results are the expectation, never the oracle's.

import { afterAll, describe, expect, it } from 'vitest';
import { type Golden, loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import { compareTensors } from '../../harness/judging/compare.js';
import { conditioningScale, toleranceFor } from '../../harness/judging/tolerance.js';
import { type DType, GruSpecError, gruForward, type Tensor } from '../../oracle/index.js';

const manifest = loadManifest();
const goldens = manifest.cases.map((e) => loadGolden(e));
const forward = goldens.filter((g) => g.expected.error === undefined);
const errors = goldens.filter((g) => g.expected.error !== undefined);

/** Measured errors, printed at the end and quoted in the README. */
const measured: Record<DType, { abs: number; ratio: number }> = {
  float64: { abs: 0, ratio: 0 },
  float32: { abs: 0, ratio: 0 },
  float16: { abs: 0, ratio: 0 },
  bfloat16: { abs: 0, ratio: 0 },
};

/** max |a - b| over the elements where both are finite (test/golden/non-finite.test.ts checks the rest). */
function maxAbs(a: Tensor, b: Tensor): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    if (Number.isFinite(d)) m = Math.max(m, d);
  }
  return m;
}

function run(g: Golden) {
  return gruForward(g.kwargs, g.parameters, g.input, g.hx, {
    training: g.mode === 'train',
    dropoutMasks: g.dropoutMasks,
  });
}

describe(`oracle vs ${forward.length} forward goldens (torch ${manifest.torch})`, () => {
  it.each(forward.map((g) => [g.clauses[0], g.id, g] as const))('%s: golden %s', (_clause, _id, g) => {
    const result = run(g);
    const tol = toleranceFor(g.dtype, conditioningScale(g.kwargs, g.parameters, g.input, g.hx));
    for (const [what, actual, expected] of [
      ['output', result.output, g.expected.output!],
      ['h_n', result.h_n, g.expected.h_n!],
    ] as const) {
      const c = compareTensors(what, actual, expected, tol);
      expect(c.ok, `${g.id}: ${c.message}`).toBe(true);
      const m = measured[g.dtype];
      m.abs = Math.max(m.abs, maxAbs(actual, expected));
      m.ratio = Math.max(m.ratio, c.worst?.ratio ?? 0);
    }
    expect(result.warnings).toEqual(g.expected.warnings.map((w) => w.clause));
  });

  it('gru.num.tolerance: every float64 golden agrees with PyTorch to 1e-13 or better (the target)', () => {
    expect(measured.float64.abs).toBeLessThanOrEqual(1e-13);
  });
});

describe(`oracle vs ${errors.length} error goldens`, () => {
  it.each(errors.map((g) => [g.expected.error!.clause, g.id, g] as const))(
    '%s: golden %s is rejected with its clause',
    (clause, _id, g) => {
      let got = 'accepted';
      try {
        run(g);
      } catch (e) {
        if (!(e instanceof GruSpecError)) throw e;
        got = e.clause;
      }
      expect(got).toBe(clause);
    },
  );
});

afterAll(() => {
  const f = (v: number) => v.toExponential(2);
  const line = (d: DType) => `${d} max |err| ${f(measured[d].abs)}, worst/allowance ${f(measured[d].ratio)}`;
  console.log(
    `oracle vs PyTorch goldens: ${(['float64', 'float32', 'float16', 'bfloat16'] as const).map(line).join('; ')}`,
  );
});
