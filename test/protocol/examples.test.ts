// The bundled examples agree with the oracle: examples/js/gru.js in process, examples/python/gru_numpy.py
// behind the protocol. Both reject every invalid call of spec/clauses.json with the oracle's clause.
import { readFileSync } from 'node:fs';
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import type { GruRequest } from '../../harness/contract/request.js';
import {
  RejectedCallError,
  type SubprocessImplementation,
  spawnImplementation,
} from '../../harness/protocol/subprocess.js';
import { GruSpecError, gruForward, roundToDtype, type Tensor, tensor } from '../../oracle/index.js';
import { loadClauses } from '../../spec/clauses.js';
import { maxAbsDiff } from '../helpers/build.js';
import { PYTHON_EXAMPLE, ROOT, smallRequest } from './requests.js';

const base = smallRequest();
const kw = (extra: Record<string, unknown>) => ({ ...base, kwargs: { ...base.kwargs, ...extra } });
const input = (shape: number[], dtype: Tensor['dtype'] = 'float64') => ({
  ...base,
  input: tensor(dtype, shape),
});
const hx = (shape: number[], dtype: Tensor['dtype'] = 'float64') => ({ ...base, hx: tensor(dtype, shape) });

/** One invalid call per error clause (some clauses have several). */
const INVALID: [string, GruRequest][] = [
  ['gru.err.unknown-kwarg', kw({ nonlinearity: 'tanh' })],
  ['gru.err.proj-size', kw({ proj_size: 0 })],
  ['gru.err.input-size-type', kw({ input_size: 2.5 })],
  ['gru.err.input-size-range', kw({ input_size: 0 })],
  ['gru.err.hidden-size-type', kw({ hidden_size: '3' })],
  ['gru.err.hidden-size-range', kw({ hidden_size: -1 })],
  ['gru.err.num-layers-type', kw({ num_layers: 1.5 })],
  ['gru.err.num-layers-range', kw({ num_layers: 0 })],
  ['gru.err.bias-type', kw({ bias: 0 })],
  ['gru.err.batch-first-type', kw({ batch_first: 1 })],
  ['gru.err.dropout-range', kw({ dropout: 1.5 })],
  ['gru.err.dropout-range', kw({ dropout: Number.NaN })],
  ['gru.err.dropout-range', kw({ dropout: true })],
  ['gru.err.dropout-range', kw({ dropout: '0.5' })],
  ['gru.err.input-rank', input([5, 2, 3, 1])],
  ['gru.err.input-rank', input([3])],
  ['gru.err.input-features', input([5, 2, 4])],
  ['gru.err.hx-rank', hx([1, 4])],
  ['gru.err.hx-shape', hx([1, 3, 4])],
  ['gru.err.input-dtype', input([5, 2, 3], 'float32')],
  ['gru.err.hx-dtype', hx([1, 2, 4], 'float32')],
  ['gru.err.seq-len-zero', input([0, 2, 3])],
];

function closeTo(got: Tensor, want: Tensor, tolerance: number): void {
  expect(got.dtype).toBe(want.dtype);
  expect(got.shape).toEqual(want.shape);
  expect(maxAbsDiff(got.data, want.data)).toBeLessThanOrEqual(tolerance);
}

/** Runs a request through an implementation and through the oracle and compares within the tolerance. */
async function agrees(impl: Implementation, request: GruRequest, tolerance = 1e-12): Promise<void> {
  const want = gruForward(request.kwargs, request.parameters, request.input, request.hx);
  const got = await impl.forward(request);
  closeTo(got.output, want.output, tolerance);
  closeTo(got.h_n, want.h_n, tolerance);
}

/** A float32 result is the float64 result rounded: within half a float32 ulp of the oracle, and float32. */
async function agreesFloat32(impl: Implementation, request: GruRequest): Promise<void> {
  const want = gruForward(request.kwargs, request.parameters, request.input, request.hx);
  const got = await impl.forward(request);
  for (const [g, w] of [
    [got.output, want.output],
    [got.h_n, want.h_n],
  ]) {
    closeTo(g, w, 2 ** -24);
    expect(g.data.every((v) => Object.is(Math.fround(v), v))).toBe(true);
  }
}

function oracleClause(request: GruRequest): string | undefined {
  try {
    gruForward(request.kwargs, request.parameters, request.input, request.hx);
  } catch (error) {
    if (error instanceof GruSpecError) return error.clause;
  }
  return undefined;
}

async function rejects(impl: Implementation, clause: string, request: GruRequest): Promise<void> {
  expect(oracleClause(request)).toBe(clause);
  const error = await Promise.resolve()
    .then(() => impl.forward(request))
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as { clause?: string }).clause).toBe(clause);
}

const FLOAT64_CASES = [
  smallRequest(),
  smallRequest({ bidirectional: true, num_layers: 2, batch_first: true, omitDefaults: false, seed: 1 }),
  smallRequest({ batched: false, hxGiven: false, bias: false, seed: 2 }),
  smallRequest({ batch: 0, num_layers: 3, seed: 3 }),
  smallRequest({ inputScale: 1e3, paramScale: 3, steps: 40, seed: 4 }),
];

// nn.GRUCell's and PackedSequence's invalid calls are not part of the protocol yet: the table covers nn.GRU's.
it('gru.err.unknown-kwarg: the table of invalid calls covers every active nn.GRU error clause', () => {
  const errors = loadClauses().clauses.filter(
    (c) => c.kind === 'error' && c.status === 'active' && c.id.startsWith('gru.err.'),
  );
  expect(new Set(INVALID.map(([clause]) => clause))).toEqual(new Set(errors.map((c) => c.id)));
});

describe('examples/js/gru.js', () => {
  const js: Implementation = javascriptExample;

  // also: gru.eq.reset-gate gru.eq.update-gate gru.eq.hidden-update gru.dir.reverse-time gru.layer.stacking
  it('gru.eq.new-gate: random float64 calls agree with the oracle within 1e-12', async () => {
    for (const c of fc.sample(gruCaseArb({ dtypes: ['float64'], longSteps: 40 }), {
      numRuns: 150,
      seed: 7,
    })) {
      await agrees(js, caseRequest(c));
    }
  });

  it('gru.shape.batch-zero: the fixed float64 cases (N = 0, unbatched, no bias, L = 40) agree too', async () => {
    for (const request of FLOAT64_CASES) await agrees(js, request);
  });

  it('gru.dtype.output-matches-input: float32 calls give float32 values, the oracle rounded', async () => {
    for (const c of fc.sample(gruCaseArb({ dtypes: ['float32'] }), { numRuns: 50, seed: 8 })) {
      await agreesFloat32(js, caseRequest(c));
    }
  });

  it('gru.dtype.half-formats: float16 and bfloat16 calls give half values, the oracle rounded to the dtype', async () => {
    expect(js.capabilities?.dtypes).toEqual(['float32', 'float64', 'float16', 'bfloat16']);
    for (const c of fc.sample(gruCaseArb({ dtypes: ['float16', 'bfloat16'] }), { numRuns: 60, seed: 16 })) {
      const request = caseRequest(c);
      const want = gruForward(request.kwargs, request.parameters, request.input, request.hx);
      const got = await js.forward(request);
      for (const [g, w] of [
        [got.output, want.output],
        [got.h_n, want.h_n],
      ] as const) {
        expect(g.dtype).toBe(request.dtype);
        // The example sums in another order than the oracle: the same half value but at a rounding boundary.
        const off = Array.from(w.data).filter(
          (v, i) => !Object.is(roundToDtype(request.dtype, v), g.data[i]),
        );
        expect(off.length).toBeLessThanOrEqual(Math.ceil(w.data.length / 1000));
        expect(g.data.every((v) => Object.is(roundToDtype(request.dtype, v), v))).toBe(true);
      }
    }
  });

  it.each(INVALID)('%s: the JS example rejects the call with this clause', (clause, request) =>
    rejects(js, clause, request),
  );
});

describe('examples/python/gru_numpy.py behind the protocol', () => {
  let py: SubprocessImplementation;
  beforeAll(async () => {
    py = await spawnImplementation(PYTHON_EXAMPLE, { cwd: ROOT, timeoutMs: 30_000 });
  });
  afterAll(() => py?.close?.());

  it('gru.eq.new-gate: float64 calls agree with the oracle within 1e-12', async () => {
    expect(py.name).toBe('gru-conformance example (numpy)');
    expect([py.protocol, py.encoding]).toEqual(['gru-conformance/2', 'base64-f64le']);
    for (const request of FLOAT64_CASES) await agrees(py, request);
  });

  // also: gru.dir.reverse-time gru.layer.stacking gru.shape.h-n-never-batch-first gru.shape.unbatched
  it('gru.eq.hidden-update: random float64 calls agree with the oracle within 1e-12', async () => {
    for (const c of fc.sample(gruCaseArb({ dtypes: ['float64'], longSteps: 40 }), {
      numRuns: 100,
      seed: 9,
    })) {
      await agrees(py, caseRequest(c));
    }
  });

  it('gru.dtype.output-matches-input: a float32 call gives float32 values, the oracle rounded', async () => {
    await agreesFloat32(py, smallRequest({ dtype: 'float32', bidirectional: true }));
  });

  it('gru.num.saturation: NaN, infinities and -0 in the input travel to numpy and back as the oracle gives them', async () => {
    const request = smallRequest({ hxGiven: false });
    const data = Float64Array.from(request.input.data);
    data.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 5e-324], 0);
    const odd = { ...request, input: { ...request.input, data } };
    const want = gruForward(odd.kwargs, odd.parameters, odd.input, odd.hx);
    const got = await py.forward(odd);
    for (const [g, w] of [
      [got.output, want.output],
      [got.h_n, want.h_n],
    ]) {
      expect(Array.from(g.data, Number.isNaN)).toEqual(Array.from(w.data, Number.isNaN));
      expect(maxAbsDiff(g.data.filter(Number.isFinite), w.data.filter(Number.isFinite))).toBeLessThanOrEqual(
        1e-12,
      );
    }
  });

  // also: gru.cell.step
  it('gru.eq.new-gate: the example stays a complete adapter, nn.GRUCell included, in under 200 lines', () => {
    const lines = readFileSync(PYTHON_EXAMPLE.at(-1)!, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThan(200);
  });

  it.each(INVALID)('%s: the numpy example rejects the call with this clause', async (clause, request) => {
    await rejects(py, clause, request);
  });

  it('gru.err.input-features: the rejection arrives as a RejectedCallError and the process goes on', async () => {
    const [, request] = INVALID.find(([clause]) => clause === 'gru.err.input-features')!;
    const error = await Promise.resolve(py.forward(request)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedCallError);
    await agrees(py, smallRequest());
  });
});
