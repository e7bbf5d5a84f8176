// Generated invalid nn.GRUCell calls, one check per error clause of the cell (capability `cell`): each must be
// rejected naming that clause. Each call breaks exactly one clause, in PyTorch's order of checks.
import fc from 'fast-check';
import { type DType, type Tensor, tensor } from '../../oracle/index.js';
import { type CellCase, cellCaseArb, cellCaseRequest, cellHxShape } from '../cases/cell-case.js';
import type { GruCellRequest } from '../contract/cell-request.js';
import { safeCellCall } from '../contract/safe-cell-call.js';
import { CELL_REQUIREMENT } from './cell-requirement.js';
import { runProperty } from './property.js';
import { judgeRejection } from './rejection.js';
import type { Check } from './types.js';

type Invalidate = (r: GruCellRequest, c: CellCase, pick: number) => GruCellRequest;

const other = (d: DType): DType => (d === 'float32' ? 'float64' : 'float32');
const filled = (dtype: DType, shape: number[]) =>
  tensor(dtype, shape, Array(shape.reduce((a, b) => a * b, 1)).fill(0.25));

/** The case, narrowed so that the invalidation breaks only its own clause. */
interface CellInvalidator {
  fit?: (c: CellCase) => CellCase;
  invalidate: Invalidate;
}

const batched = (c: CellCase): CellCase => ({ ...c, batched: true, batch: Math.max(c.batch, 1) });

const INVALIDATORS: Record<string, CellInvalidator> = {
  'gru.cell.err-unknown-kwarg': {
    invalidate: (r, _c, pick) => {
      const [name, value] = (
        [
          ['num_layers', 2],
          ['batch_first', true],
          ['nonlinearity', 'tanh'],
        ] as const
      )[pick % 3];
      return { ...r, kwargs: { ...r.kwargs, [name]: value } };
    },
  },
  'gru.cell.err-input-rank': {
    // checked first of all: hx is left out so that nothing else can be at fault
    invalidate: (r, c, pick) => {
      const shape = pick % 2 === 0 ? [] : [c.batched ? c.batch : 1, 1, c.input_size];
      return { ...r, input: filled(r.dtype, shape), hx: null };
    },
  },
  'gru.cell.err-hx-rank': {
    // 0-D, or 3-D (a batch dimension of 1 in front of a batched hx, two in front of an unbatched one)
    invalidate: (r, c, pick) => ({
      ...r,
      hx: filled(r.dtype, pick % 2 === 0 ? [] : [1, c.batched ? c.batch : 1, c.hidden_size]),
    }),
  },
  'gru.cell.err-hx-rank-mismatch': {
    // a 2-D input with a 1-D hx, or a 1-D input with a 2-D hx
    invalidate: (r, c) => ({ ...r, hx: filled(r.dtype, c.batched ? [c.hidden_size] : [1, c.hidden_size]) }),
  },
  'gru.cell.err-batch-mismatch': {
    fit: batched,
    invalidate: (r, c, pick) => ({
      ...r,
      hx: filled(r.dtype, [pick % 2 === 0 || c.batch === 1 ? c.batch + 1 : c.batch - 1, c.hidden_size]),
    }),
  },
  'gru.cell.err-input-features': {
    invalidate: (r, c, pick) => {
      const shape = [...r.input.shape];
      shape[shape.length - 1] = c.input_size + 1 + (pick % 2);
      return { ...r, input: filled(r.dtype, shape) };
    },
  },
  'gru.cell.err-hidden-size': {
    invalidate: (r, c, pick) => {
      const shape = cellHxShape(c);
      shape[shape.length - 1] = c.hidden_size + 1 + (pick % 2);
      return { ...r, hx: filled(r.dtype, shape) };
    },
  },
  'gru.cell.err-dtype': {
    // a batch of at least one row: the mismatch shows in the matrix product
    fit: (c) => ({ ...c, batch: Math.max(c.batch, 1), hxGiven: true }),
    invalidate: (r, c, pick) =>
      pick % 2 === 0
        ? {
            ...r,
            input: { ...r.input, dtype: other(r.dtype), data: r.input.data.map(Math.fround) } as Tensor,
          }
        : { ...r, hx: filled(other(r.dtype), cellHxShape(c)) },
  },
};

export const CELL_INVALID_CHECKS: Check[] = Object.entries(INVALIDATORS).map(([clause, rule]) => {
  const id = `cell.error.generated.${clause.replace(/^gru\.cell\.err-/, '')}`;
  return {
    id,
    family: 'cell',
    clauses: [clause],
    title: `generated invalid nn.GRUCell calls (${clause}) are rejected`,
    requires: CELL_REQUIREMENT,
    runShare: 1 / 4,
    run: (ctx) =>
      runProperty(
        id,
        fc.tuple(cellCaseArb(ctx.dtypes).map(rule.fit ?? ((c) => c)), fc.nat(11)),
        ctx,
        async ([c, pick]) => {
          const request = rule.invalidate(cellCaseRequest(c), c, pick);
          const o = await safeCellCall(ctx.impl, request, ctx.guard);
          const what = `kwargs ${JSON.stringify(request.kwargs)}, input ${request.input.dtype} [${request.input.shape}], hx ${request.hx ? `${request.hx.dtype} [${request.hx.shape}]` : 'none'}`;
          return judgeRejection(o, { clause, what }, ctx.strictClauses);
        },
      ),
  };
});
