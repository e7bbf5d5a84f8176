// The comparator and the tolerance model, on values worked out by hand.
import { describe, expect, it } from 'vitest';
import { caseRequest, type GruCase, SMALL_CASE } from '../../harness/cases/gru-case.js';
import { compareTensors, indexOf } from '../../harness/judging/compare.js';
import { spread } from '../../harness/judging/sensitivity.js';
import {
  allowance,
  conditioningScale,
  toleranceFor,
  UNIT_ROUNDOFF,
} from '../../harness/judging/tolerance.js';
import { gruForward, tensor } from '../../oracle/index.js';
import { paramsOf } from '../helpers/build.js';

const t = (data: number[], dtype: 'float32' | 'float64' = 'float64') => tensor(dtype, [data.length], data);
const tol = toleranceFor('float64', 1, 32);

describe('compareTensors', () => {
  it('gru.num.tolerance: passes within K * u * (m + |expected|) and fails just outside', () => {
    const allow = 32 * UNIT_ROUNDOFF.float64 * (1 + 0.5);
    expect(allowance(tol, 0.5, 0)).toBe(allow);
    expect(compareTensors('x', t([0.5 + allow * 0.9]), t([0.5]), tol).ok).toBe(true);
    const off = compareTensors('x', t([0.5 + allow * 4]), t([0.5]), tol);
    expect(off.ok).toBe(false);
    expect(off.message).toMatch(/1 of 1 values off; worst at \[0\]/);
  });
  it('gru.num.saturation: NaN where a number is expected fails; NaN matches NaN; infinities match themselves', () => {
    expect(compareTensors('x', t([Number.NaN]), t([0.1]), tol).ok).toBe(false);
    expect(
      compareTensors(
        'x',
        t([Number.NaN, Number.POSITIVE_INFINITY]),
        t([Number.NaN, Number.POSITIVE_INFINITY]),
        tol,
      ).ok,
    ).toBe(true);
    expect(compareTensors('x', t([Number.NEGATIVE_INFINITY]), t([Number.POSITIVE_INFINITY]), tol).ok).toBe(
      false,
    );
  });
  it('gru.shape.output-batched: a shape mismatch fails before any value is read', () => {
    const c = compareTensors(
      'output',
      tensor('float64', [2, 3], [1, 2, 3, 4, 5, 6]),
      tensor('float64', [3, 2], [1, 2, 3, 4, 5, 6]),
      tol,
    );
    expect(c.ok).toBe(false);
    expect(c.message).toBe('output: shape [2, 3], expected [3, 2]');
  });
  it('gru.dtype.output-matches-input: a dtype mismatch fails', () => {
    expect(compareTensors('h_n', t([1], 'float32'), t([1]), tol).message).toBe(
      'h_n: dtype float32, expected float64',
    );
  });
  it('gru.shape.h-n: flat indices are reported as multi-indices', () => {
    expect(indexOf(7, [2, 2, 3])).toBe('[1, 0, 1]');
  });
});

describe('conditioningScale', () => {
  it('gru.num.tolerance: is the largest gate bound sum|W_ih| X + |b_ih| + sum|W_hh| S + |b_hh|', () => {
    // One unit: rows r, z, n. W_ih = [1, -2, 0.5], W_hh = [0.25, 0, -3], b_ih = [0, 1, 0], b_hh = [0, 0, 2].
    const kwargs = { input_size: 1, hidden_size: 1 };
    const values: Record<string, number[]> = {
      weight_ih_l0: [1, -2, 0.5],
      weight_hh_l0: [0.25, 0, -3],
      bias_ih_l0: [0, 1, 0],
      bias_hh_l0: [0, 0, 2],
    };
    const params = paramsOf(kwargs, (name, i) => values[name][i]);
    // X = max|input| = 4, S = max(1, max|hx|) = 2: rows give 4 + 0.5 = 4.5, 8 + 1 = 9, 2 + 6 + 2 = 10.
    expect(
      conditioningScale(kwargs, params, tensor('float64', [2, 1], [4, -1]), tensor('float64', [1, 1], [-2])),
    ).toBe(10);
  });
});

describe('spread', () => {
  it('gru.num.tolerance: the allowance adds K * spread_i, element by element', () => {
    const t = toleranceFor('float32', 1, 64, () => Float64Array.from([0, 1e-3]));
    expect(allowance(t, 0.5, 0)).toBe(64 * UNIT_ROUNDOFF.float32 * 1.5);
    expect(allowance(t, 0.5, 1)).toBe(64 * UNIT_ROUNDOFF.float32 * 1.5 + 64 * 1e-3);
    const pair = (a: number[]) => tensor('float32', [2], a);
    const c = compareTensors('x', pair([0.53, 0.53]), pair([0.5, 0.5]), t);
    expect(c.mismatches).toBe(1);
    expect(c.worst?.index).toBe(0);
  });

  it('gru.num.tolerance: the spread is computed only when some element fails without it', () => {
    let calls = 0;
    const lazy = () => {
      calls++;
      return Float64Array.from([1e-3, 1e-3]);
    };
    const t = toleranceFor('float32', 1, 64, lazy);
    const pair = (a: number[]) => tensor('float32', [2], a);
    expect(compareTensors('x', pair([0.5, 0.5]), pair([0.5, 0.5]), t).ok).toBe(true);
    expect(calls).toBe(0);
    expect(compareTensors('x', pair([0.53, 0.5]), pair([0.5, 0.5]), t).ok).toBe(true);
    expect(calls).toBeGreaterThan(0);
  });

  it('gru.num.tolerance: a long, large-weight float32 recurrence gets a wider allowance than a short one', () => {
    const long: GruCase = {
      ...SMALL_CASE,
      num_layers: 4,
      bidirectional: true,
      steps: 108,
      hidden_size: 3,
      paramScale: 3,
      dtype: 'float32',
    };
    const short: GruCase = { ...long, steps: 2, num_layers: 1, paramScale: 1 };
    const widest = (c: GruCase) => {
      const r = caseRequest(c);
      const s = spread(r, gruForward(r.kwargs, r.parameters, r.input, r.hx));
      return Math.max(...s.output);
    };
    expect(widest(long)).toBeGreaterThan(10 * widest(short));
  });
});
