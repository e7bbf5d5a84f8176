// Goldens with NaN, infinities, -0.0 and subnormals (golden/special_cases.py): PyTorch did what the gru.num.*
// clauses say, and the oracle and the bundled implementations reproduce it exactly where it is not finite.
// Judged here strictly (the class of every element, then the tolerance on finite elements, with the
// conditioning scale taken over finite values only), not through the harness comparator.

import { describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import { type Golden, goldenRequest, loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import type { GruResponse } from '../../harness/contract/request.js';
import {
  allowance,
  conditioningScale,
  TOLERANCE_FACTOR,
  toleranceFor,
} from '../../harness/judging/tolerance.js';
import { canonicalCall, swapFirstTwo } from '../../oracle/forward-args.js';
import { gruForward, resolveKwargs, type Tensor } from '../../oracle/index.js';
import { baseGru } from '../faulty/base-gru.js';

import { type Cls, classOf, predictClasses } from './non-finite-model.js';

const FORWARD = loadManifest()
  .cases.filter((e) => e.kind === 'forward')
  .map((e) => loadGolden(e))
  .filter((g) => g.mode === 'eval');
const SPECIAL = FORWARD.filter((g) => g.specials !== undefined);
const written = (g: Golden) => new Set<string>(g.specials?.map((s) => s.value));

/** NaN, +Infinity, -Infinity or finite: what must match exactly. */
const kind = (v: number) =>
  Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'finite' : v > 0 ? '+inf' : '-inf';

/** Every element whose class differs, or whose finite value is off by more than the allowance; [] when none. */
function strictProblems(g: Golden, actual: GruResponse, factor: number): string[] {
  const tol = toleranceFor(g.dtype, conditioningScale(g.kwargs, g.parameters, g.input, g.hx), factor);
  const problems: string[] = [];
  for (const what of ['output', 'h_n'] as const) {
    const [a, e] = [actual[what], g.expected[what]!];
    if (a.shape.join() !== e.shape.join()) problems.push(`${what}: shape [${a.shape}] vs [${e.shape}]`);
    for (let i = 0; i < e.data.length && problems.length < 5; i++) {
      const [x, y] = [a.data[i], e.data[i]];
      if (kind(x) !== kind(y)) problems.push(`${what}[${i}]: ${x}, PyTorch ${y}`);
      else if (kind(y) === 'finite' && Math.abs(x - y) > allowance(tol, y, i))
        problems.push(`${what}[${i}]: ${x}, PyTorch ${y} (allowed ${allowance(tol, y, i).toExponential(2)})`);
    }
  }
  return problems;
}

const oracle = (g: Golden): GruResponse => gruForward(g.kwargs, g.parameters, g.input, g.hx);

describe(`oracle vs PyTorch where values are not finite (${SPECIAL.length} special goldens)`, () => {
  it('gru.num.nan-propagation: the golden list holds NaN, infinity, -0.0 and subnormal cases in both dtypes', () => {
    for (const dtype of ['float32', 'float64'])
      for (const value of ['NaN', 'Infinity', '-Infinity', '-0.0', 'subnormal'])
        for (const tensor of ['input', 'hx', 'weight'])
          expect(
            SPECIAL.some(
              (g) =>
                g.dtype === dtype &&
                g.specials!.some(
                  (s) => s.value === value && (s.tensor.startsWith(tensor) || s.tensor === tensor),
                ),
            ),
            `${dtype} ${value} in ${tensor}`,
          ).toBe(true);
  });

  it.each(SPECIAL.map((g) => [g.clauses.find((c) => c.startsWith('gru.num.'))!, g.id, g] as const))(
    '%s: the oracle reproduces golden %s class for class, within the tolerance elsewhere',
    (_c, _id, g) => {
      expect(strictProblems(g, oracle(g), TOLERANCE_FACTOR[g.dtype])).toEqual([]);
    },
  );

  it('gru.num.nan-propagation: on every forward golden the oracle is NaN, infinite and finite exactly where PyTorch is', () => {
    const wrong = FORWARD.filter((g) => {
      const r = oracle(g);
      return (['output', 'h_n'] as const).some((w) =>
        g.expected[w]!.data.some((v, i) => kind(v) !== kind(r[w].data[i])),
      );
    });
    expect(wrong.map((g) => g.id)).toEqual([]);
  });
});

describe('the bundled implementations on the special goldens', () => {
  const impls: [string, Implementation][] = [
    ['the bundled JavaScript example', javascriptExample as Implementation],
    ['the base of the faulty catalogue', baseGru],
  ];
  it.each(impls.map(([name, impl]) => ['gru.num.nan-propagation', name, impl] as const))(
    '%s: %s matches PyTorch class for class, within the golden replay allowance elsewhere',
    async (_c, _name, impl) => {
      const problems: string[] = [];
      for (const g of SPECIAL) {
        const r = await impl.forward(goldenRequest(g));
        problems.push(...strictProblems(g, r, 2 * TOLERANCE_FACTOR[g.dtype]).map((p) => `${g.id}: ${p}`));
      }
      expect(problems).toEqual([]);
    },
  );
});

/** A tensor's classes as [a][b][c] arrays of a flat row-major [a, b, c] array. */
function nest(data: ArrayLike<number>, a: number, b: number, c: number): Cls[][][] {
  return Array.from({ length: a }, (_, i) =>
    Array.from({ length: b }, (_, j) =>
      Array.from({ length: c }, (_, k) => classOf(data[(i * b + j) * c + k])),
    ),
  );
}

/** The classes the clauses predict for output (in the golden's layout) and h_n, from the call alone. */
function predicted(g: Golden): { output: Cls[]; hN: Cls[] } {
  const o = resolveKwargs(g.kwargs).options;
  const call = canonicalCall(o, g.dtype, g.input, g.hx);
  const [L, N, D, H] = [call.steps, call.batch, o.bidirectional ? 2 : 1, o.hidden_size];
  const hx = g.hx ? nest(call.hx, D * o.num_layers, N, H) : null;
  const p = predictClasses(g.kwargs, g.parameters, nest(call.input, L, N, o.input_size), hx);
  const flat = p.output.flat(2);
  const output = call.batched && o.batch_first ? swapClasses(flat, L, N, D * H) : flat;
  return { output, hN: p.hN.flat(2) };
}

function swapClasses(flat: Cls[], a: number, b: number, c: number): Cls[] {
  const order = swapFirstTwo(Float64Array.from(flat.keys()), a, b, c);
  return Array.from(order, (i) => flat[i]);
}

/** The recorded classes, with finite values (zero or not) as F: what the model must match. */
const recorded = (t: Tensor): Cls[] => Array.from(t.data, (v) => (Number.isFinite(v) ? 'F' : classOf(v)));
const coarse = (c: Cls[]): Cls[] => c.map((v) => (v === '0' ? 'F' : v));

describe('what PyTorch recorded is what the gru.num clauses say', () => {
  const nonFinite = SPECIAL.filter((g) => ['NaN', 'Infinity', '-Infinity'].some((v) => written(g).has(v)));
  it.each(nonFinite.map((g) => [g.clauses.find((c) => c.startsWith('gru.num.'))!, g.id, g] as const))(
    '%s: golden %s is NaN, infinite and finite exactly where the clauses predict',
    (_c, _id, g) => {
      const p = predicted(g);
      expect(p.output.concat(p.hN), 'the clauses leave some element undecided').not.toContain('U');
      expect(coarse(p.output)).toEqual(recorded(g.expected.output!));
      expect(coarse(p.hN)).toEqual(recorded(g.expected.h_n!));
    },
  );

  it('gru.num.infinity-saturation: an infinity reaches output or h_n only from hx, and some golden shows one', () => {
    const infinite = nonFinite.filter((g) =>
      [g.expected.output!, g.expected.h_n!].some((t) =>
        t.data.some((v) => Math.abs(v) === Number.POSITIVE_INFINITY),
      ),
    );
    expect(infinite.length).toBeGreaterThan(0);
    for (const g of infinite)
      expect(
        g.specials!.map((s) => s.tensor),
        g.id,
      ).toContain('hx');
  });

  const zeros = SPECIAL.filter(
    (g) => written(g).has('-0.0') && g.specials!.every((s) => s.tensor !== 'weight_hh_l0'),
  );
  it.each(zeros.map((g) => ['gru.num.signed-zero-subnormal', g.id, g] as const))(
    '%s: in golden %s the all-zero batch row 0 is +0.0 in every element of output and h_n',
    (_c, _id, g) => {
      // output [L, N, D*H] (time-major) and h_n [D*layers, N, H]: batch row 0 is axis 1, index 0
      for (const t of [g.expected.output!, g.expected.h_n!]) {
        const [a, n, c] = t.shape;
        for (let i = 0; i < a; i++)
          for (let k = 0; k < c; k++)
            expect(Object.is(t.data[i * n * c + k], 0), `[${i}, 0, ${k}]`).toBe(true);
      }
    },
  );

  const subnormal = SPECIAL.filter((g) => written(g).has('subnormal'));
  it.each(subnormal.map((g) => ['gru.num.signed-zero-subnormal', g.id, g] as const))(
    '%s: golden %s keeps subnormal results (not flushed to zero)',
    (_c, _id, g) => {
      const tiny = g.dtype === 'float32' ? 2 ** -126 : 2 ** -1022;
      const count = g.expected.output!.data.filter((v) => v !== 0 && Math.abs(v) < tiny).length;
      expect(count).toBeGreaterThan(0);
    },
  );
});
