// The bundled examples compute nn.GRUCell (capability `cell`) as the oracle does: examples/js/gru.js in process,
// examples/python/gru_numpy.py behind the protocol; both reject each invalid cell call with the oracle's clause.
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import { cellCaseArb, cellCaseRequest, SMALL_CELL } from '../../harness/cases/cell-case.js';
import type { GruCellRequest } from '../../harness/contract/cell-request.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { type SubprocessImplementation, spawnImplementation } from '../../harness/protocol/subprocess.js';
import { GruSpecError, gruCellForward, tensor } from '../../oracle/index.js';
import { maxAbsDiff } from '../helpers/build.js';
import { PYTHON_EXAMPLE } from './requests.js';

const base = cellCaseRequest(SMALL_CELL);
const f32 = (shape: number[]) => tensor('float32', shape);
const f64 = (shape: number[]) => tensor('float64', shape);

/** One invalid cell call per error clause of the cell. */
const INVALID: [string, GruCellRequest][] = [
  ['gru.cell.err-unknown-kwarg', { ...base, kwargs: { ...base.kwargs, num_layers: 2 } }],
  ['gru.cell.err-input-rank', { ...base, input: f64([1, 3, 3]), hx: null }],
  ['gru.cell.err-hx-rank', { ...base, hx: f64([1, 3, 4]) }],
  ['gru.cell.err-hx-rank-mismatch', { ...base, hx: f64([4]) }],
  ['gru.cell.err-batch-mismatch', { ...base, hx: f64([2, 4]) }],
  ['gru.cell.err-input-features', { ...base, input: f64([3, 5]) }],
  ['gru.cell.err-hidden-size', { ...base, hx: f64([3, 5]) }],
  ['gru.cell.err-dtype', { ...base, input: f32([3, 3]) }],
];

const oracleClause = (r: GruCellRequest): string => {
  try {
    gruCellForward(r.kwargs, r.parameters, r.input, r.hx);
  } catch (e) {
    if (e instanceof GruSpecError) return e.clause;
  }
  return 'accepted';
};

async function agrees(impl: Implementation, r: GruCellRequest): Promise<void> {
  const want = gruCellForward(r.kwargs, r.parameters, r.input, r.hx);
  const { h } = await impl.forwardCell!(r);
  expect([h.dtype, h.shape]).toEqual([want.dtype, want.shape]);
  // float32: the float64 result rounded once, so within half a float32 ulp of a value below 1
  expect(maxAbsDiff(h.data, want.data)).toBeLessThanOrEqual(r.dtype === 'float32' ? 2 ** -24 : 1e-12);
}

async function clauseOf(impl: Implementation, r: GruCellRequest): Promise<string | undefined> {
  try {
    await impl.forwardCell!(r);
    return 'accepted';
  } catch (e) {
    return (e as { clause?: string }).clause;
  }
}

describe.each(['javascript', 'python'] as const)('the %s example computes nn.GRUCell', (which) => {
  let impl: Implementation;
  let py: SubprocessImplementation | undefined;
  beforeAll(async () => {
    if (which === 'python') py = await spawnImplementation(PYTHON_EXAMPLE, { timeoutMs: 30_000 });
    impl = which === 'python' ? py! : javascriptExample;
  }, 60_000);
  afterAll(async () => py?.close?.());

  it('gru.cell.step: it declares the cell and agrees with the oracle on random cell calls', async () => {
    expect(impl.capabilities?.cell).toBe(true);
    for (const c of fc.sample(cellCaseArb(['float32', 'float64']), { numRuns: 40, seed: 17 }))
      await agrees(impl, cellCaseRequest({ ...c, inputScale: Math.min(c.inputScale, 30) }));
  });

  it.each(INVALID)('%s: it rejects the call with this clause', async (clause, request) => {
    expect(oracleClause(request)).toBe(clause);
    expect(await clauseOf(impl, request)).toBe(clause);
  });
});
