// Ordinary calls with one non-finite, signed-zero or subnormal value sprinkled into the input, hx or a
// parameter: the implementation must give NaN exactly where the oracle (and PyTorch) does, the same infinity,
// and the same finite values elsewhere (gru.num.nan-propagation, gru.num.infinity-saturation,
// gru.num.signed-zero-subnormal).
import fc from 'fast-check';
import type { Tensor } from '../../oracle/index.js';
import { caseRequest, type GruCase, gruCaseArb } from '../cases/gru-case.js';
import type { GruRequest } from '../contract/request.js';
import { safeCall } from '../contract/safe-call.js';
import { expectationOf, judgeCall } from '../judging/expectation.js';
import { toleranceFor, UNIT_ROUNDOFF } from '../judging/tolerance.js';
import { judgeRequest } from './numeric.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

type Where = 'input' | 'hx' | 'parameter';

export interface Sprinkle {
  /** The value written, by name: NaN, Infinity, -Infinity, -0, or the smallest subnormal of the dtype, signed. */
  value: 'NaN' | 'Infinity' | '-Infinity' | '-0' | 'subnormal' | '-subnormal';
  where: Where;
  /** Which element (and which parameter), modulo their counts. */
  pick: number;
}

const SMALLEST_SUBNORMAL = {
  float32: 2 ** -149,
  float64: 2 ** -1074,
  float16: 2 ** -24,
  bfloat16: 2 ** -133,
} as const;

function sprinkledValue(s: Sprinkle, dtype: GruRequest['dtype']): number {
  switch (s.value) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '-0':
      return -0;
    case 'subnormal':
      return SMALLEST_SUBNORMAL[dtype] * (1 + (s.pick % 7));
    case '-subnormal':
      return -SMALLEST_SUBNORMAL[dtype] * (1 + (s.pick % 7));
  }
}

/**
 * The parameters an infinity may be written into. In float16 and bfloat16 the computed states and gates round
 * to exact zeros and ones that float64 does not reach (a gate beyond 8.3 is exactly 1 in float16, so
 * (h - n) * z + n is exactly 0 where float64 has 7e-8), and an infinite weight meeting such a zero is NaN in
 * PyTorch where the float64 oracle saturates (gru.dtype.half-arithmetic). There the infinity goes only into
 * layer 0's input projection, which meets the call's own values, whose zeros are exact in every dtype.
 */
function infinityTargets(r: GruRequest): string[] {
  const names = Object.keys(r.parameters);
  if (r.dtype !== 'float16' && r.dtype !== 'bfloat16') return names;
  return names.filter((name) => /^(weight|bias)_ih_l0(_reverse)?$/.test(name));
}

/** The request with the sprinkled value written into one element (hx falls back to the input when omitted). */
export function sprinkled(r: GruRequest, s: Sprinkle): GruRequest {
  const set = (t: Tensor): Tensor => {
    if (t.data.length === 0) return t;
    const data = Float64Array.from(t.data);
    data[s.pick % data.length] = sprinkledValue(s, r.dtype);
    return { ...t, data };
  };
  if (s.where === 'parameter') {
    const infinite = s.value === 'Infinity' || s.value === '-Infinity';
    const names = infinite ? infinityTargets(r) : Object.keys(r.parameters);
    const name = names[s.pick % names.length];
    return { ...r, parameters: { ...r.parameters, [name]: set(r.parameters[name]) } };
  }
  if (s.where === 'hx' && r.hx) return { ...r, hx: set(r.hx) };
  return { ...r, input: set(r.input) };
}

/** One check per kind of special value. */
const SPRINKLED_CHECKS: { id: string; clause: string; title: string; values: Sprinkle['value'][] }[] = [
  {
    id: 'numeric.nan',
    clause: 'gru.num.nan-propagation',
    title: 'a NaN in the input, hx or a parameter gives NaN exactly where the oracle does, and nowhere else',
    values: ['NaN'],
  },
  {
    id: 'numeric.infinity',
    clause: 'gru.num.infinity-saturation',
    title:
      'an infinity in the input, hx or a parameter saturates, survives or turns to NaN exactly as in the oracle',
    values: ['Infinity', '-Infinity'],
  },
  {
    id: 'numeric.signed-zero-subnormal',
    clause: 'gru.num.signed-zero-subnormal',
    title: '-0.0 and subnormal values in the input, hx or a parameter are computed, not flushed or mistaken',
    values: ['-0', 'subnormal', '-subnormal'],
  },
];

function arbitrary(dtypes: GruCase['dtype'][], values: Sprinkle['value'][]) {
  return fc.tuple(
    gruCaseArb({ dtypes, longSteps: 0 }),
    fc.record({
      value: fc.constantFrom(...values),
      where: fc.constantFrom<Where>('input', 'hx', 'parameter'),
      pick: fc.nat(),
    }),
  );
}

/**
 * The case a sprinkle is written into. In float16 a gate pre-activation beyond 65504 rounds to an infinity
 * (gru.dtype.half-arithmetic) that the float64 oracle does not have; one that meets a written infinity of the
 * other sign is NaN (inf - inf) where the oracle saturates. So a float16 call that gets an infinity keeps its
 * inputs within 1e3, where no pre-activation can pass 65504 (at most 6 features of weights up to 3).
 */
function sprinkleCase(c: GruCase, sprinkle: Sprinkle): GruCase {
  const infinite = sprinkle.value === 'Infinity' || sprinkle.value === '-Infinity';
  const inputScale = infinite && c.dtype === 'float16' ? Math.min(c.inputScale, 1e3) : c.inputScale;
  return { ...c, inputScale, hxGiven: c.hxGiven || sprinkle.where === 'hx' };
}

/**
 * A call whose parameters and input are all zeros and whose hx is subnormal-sized: every gate pre-activation is
 * 0, so r = z = 1/2 and n = 0 exactly, and each step halves the state: h_t = h_(t-1) / 2, the one rounding of
 * (1 - z) n + z h or n + z (h - n) alike. hx element i is (-1)^i (1 + i mod 5) 2^L times the dtype's smallest
 * subnormal, so every state of the L steps is exact and nonzero, and subnormal from some step on (in float32 and
 * float64, all of them). An implementation that flushes subnormals to zero (FTZ, DAZ) gives zeros. The halving
 * stays exact for a sigmoid or tanh that is only approximately 1/2 or 0 at 0 (the error is far below a step).
 */
export function subnormalStateRequest(c: GruCase): GruRequest {
  const r = caseRequest({ ...c, hxGiven: true });
  const zero = (t: Tensor): Tensor => ({ ...t, data: new Float64Array(t.data.length) });
  const steps = r.input.shape.length === 3 && c.batch_first ? r.input.shape[1] : r.input.shape[0];
  const unit = SMALLEST_SUBNORMAL[r.dtype] * 2 ** steps;
  const hx = r.hx!;
  return {
    ...r,
    parameters: Object.fromEntries(Object.entries(r.parameters).map(([k, t]) => [k, zero(t)])),
    input: zero(r.input),
    hx: { ...hx, data: Float64Array.from(hx.data, (_, i) => (i % 2 ? -1 : 1) * (1 + (i % 5)) * unit) },
  };
}

const SUBNORMAL_STATE_CHECK: Check = {
  id: 'numeric.subnormal-state',
  family: 'numeric',
  clauses: ['gru.num.signed-zero-subnormal'],
  title:
    'a subnormal state through zero weights halves at every step with gradual underflow, never flushed to 0',
  run: (ctx) =>
    runProperty(
      'numeric.subnormal-state',
      gruCaseArb({ dtypes: ctx.dtypes, longSteps: 0 }),
      ctx,
      async (c) => {
        // Every state is one exact halving of the one before, so the results are judged almost exactly: within one
        // step of the dtype's smallest subnormal (plus u |expected|, far less), where the usual floor K u would
        // admit zeros for all of them (the states are at least twice that step until the last).
        const request = subnormalStateRequest(c);
        const step = SMALLEST_SUBNORMAL[request.dtype];
        const exact = toleranceFor(request.dtype, step / UNIT_ROUNDOFF[request.dtype], 1);
        const e = { ...expectationOf(request), tolerances: { output: exact, h_n: exact } };
        return judgeCall(await safeCall(ctx.impl, request, ctx.guard), e);
      },
    ),
};

export const NON_FINITE_CHECKS: Check[] = [
  ...SPRINKLED_CHECKS.map(
    (spec): Check => ({
      id: spec.id,
      family: 'numeric',
      clauses: [spec.clause],
      title: spec.title,
      run: (ctx) =>
        runProperty(spec.id, arbitrary(ctx.dtypes, spec.values), ctx, ([c, sprinkle]) =>
          judgeRequest(ctx, sprinkled(caseRequest(sprinkleCase(c, sprinkle)), sprinkle)),
        ),
    }),
  ),
  SUBNORMAL_STATE_CHECK,
];
