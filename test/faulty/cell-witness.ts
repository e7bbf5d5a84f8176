// A call on which a faulty cell is observably wrong: it differs from the oracle's nn.GRUCell, or accepts what
// the oracle rejects (or the reverse), on fixed probes or on generated cell calls.
import fc from 'fast-check';
import { cellCaseArb, cellCaseRequest, SMALL_CELL } from '../../harness/cases/cell-case.js';
import type { GruCellRequest } from '../../harness/contract/cell-request.js';
import { type DType, gruCellForward, type Tensor } from '../../oracle/index.js';
import type { FaultyGru } from './fault.js';

type Outcome = Tensor | { rejected: string | undefined };

function outcome(call: (r: GruCellRequest) => Tensor, r: GruCellRequest): Outcome {
  try {
    return call(r);
  } catch (e) {
    const clause = (e as { clause?: unknown }).clause;
    return { rejected: typeof clause === 'string' ? clause : undefined };
  }
}

/** Far inside what the faults change; only float32 and float64 calls are searched. */
const TOL: Record<DType, number> = { float32: 1e-6, float64: 1e-10, float16: 1e-2, bfloat16: 1e-1 };

function difference(a: Outcome, e: Outcome): string | undefined {
  if ('rejected' in a || 'rejected' in e) {
    if (!('rejected' in a) || !('rejected' in e))
      return `${'rejected' in a ? 'rejects' : 'accepts'} the call`;
    return a.rejected === e.rejected ? undefined : `names ${a.rejected}, expected ${e.rejected}`;
  }
  if (a.shape.join() !== e.shape.join()) return `shape [${a.shape}], expected [${e.shape}]`;
  const i = e.data.findIndex((v, k) => !(Math.abs(a.data[k] - v) <= TOL[e.dtype]));
  return i < 0 ? undefined : `h'[${i}] ${a.data[i]}, expected ${e.data[i]}`;
}

/** Fixed cell calls: a batch of one, of 0, unbatched, without hx, bias=1, an omitted bias, a batch mismatch,
 * input_size 0 and hidden_size 0. */
function probes(): GruCellRequest[] {
  const r = cellCaseRequest(SMALL_CELL);
  return [
    r,
    cellCaseRequest({ ...SMALL_CELL, batch: 1 }),
    cellCaseRequest({ ...SMALL_CELL, batch: 0 }),
    cellCaseRequest({ ...SMALL_CELL, batched: false }),
    cellCaseRequest({ ...SMALL_CELL, hxGiven: false }),
    cellCaseRequest({ ...SMALL_CELL, omitBias: true }),
    { ...r, kwargs: { ...r.kwargs, bias: 1 } },
    { ...r, hx: { ...r.hx!, shape: [1, 4], data: r.hx!.data.slice(0, 4) } },
    cellCaseRequest({ ...SMALL_CELL, input_size: 0 }),
    cellCaseRequest({ ...SMALL_CELL, hidden_size: 0 }),
  ];
}

export function cellWitness(fault: FaultyGru): string | undefined {
  const cell = fault.forwardCell as ((r: GruCellRequest) => { h: Tensor }) | undefined;
  if (cell === undefined) return undefined;
  const faulty = (r: GruCellRequest) => cell(r).h;
  const oracle = (r: GruCellRequest) => gruCellForward(r.kwargs, r.parameters, r.input, r.hx);
  // twice: a fault that keeps state between calls shows on the second
  for (const r of [...probes(), ...probes()]) {
    const why = difference(outcome(faulty, r), outcome(oracle, r));
    if (why !== undefined) return `probe ${JSON.stringify(r.kwargs)} [${r.input.shape}]: ${why}`;
  }
  const search = fc.check(
    fc.property(cellCaseArb(['float32', 'float64']), (c) => {
      const r = cellCaseRequest(c);
      return difference(outcome(faulty, r), outcome(oracle, r)) === undefined;
    }),
    { seed: 20260505, numRuns: 500, endOnFailure: true },
  );
  return search.failed ? `random cell call ${JSON.stringify(search.counterexample)}` : undefined;
}
