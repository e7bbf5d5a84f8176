// Metamorphic relations of nn.GRUCell: pairs of calls whose results the cell's contract ties together, no
// oracle needed. The last ties the cell to the implementation's own nn.GRU (gru.cell.step).
import { type Tensor, tensor } from '../../oracle/index.js';
import { cellAsGruRequest, type GruCellRequest } from '../contract/cell-request.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { mulberry32 } from '../random.js';
import { concatDim0, reshape, sliceDim0 } from '../tensor-ops.js';
import { type CellCase, cellCaseRequest, cellHxShape } from './cell-case.js';
import type { Pair } from './metamorphic-relations.js';

export type CellCall = (request: GruCellRequest) => Promise<Tensor>;
export type GruCall = (request: GruRequest) => Promise<GruResponse>;

export interface CellRelation {
  /** The check id's last part. */
  slug: string;
  clause: string;
  title: string;
  /** Narrows any case to one the relation applies to (by construction, not by filtering). */
  fit(c: CellCase): CellCase;
  run(c: CellCase, cell: CellCall, gru: GruCall): Promise<Pair[]>;
}

/** Rows of a 2-D tensor in the given order. */
function takeRows(t: Tensor, order: number[]): Tensor {
  return concatDim0(order.map((i) => sliceDim0(t, i, i + 1)));
}

/** A permutation of 0..n-1 from the case's seed that moves every row when n > 1 (a shuffle, then a rotation). */
export function rowPermutation(n: number, seed: number): number[] {
  const next = mulberry32(seed ^ 0x5a5a);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  // a fixed point would leave its row untested: rotate the identity instead
  return order.some((v, i) => v === i) ? order.map((_, i) => (i + 1) % n) : order;
}

export const CELL_RELATIONS: CellRelation[] = [
  {
    slug: 'hx-zeros',
    clause: 'gru.cell.hx-zeros',
    title: 'cell(input) equals cell(input, zeros)',
    fit: (c) => ({ ...c, hxGiven: false }),
    async run(c, cell) {
      const r = cellCaseRequest(c);
      const zeros = tensor(r.dtype, cellHxShape(c));
      return [
        { what: "hx omitted vs zeros: h'", actual: await cell(r), expected: await cell({ ...r, hx: zeros }) },
      ];
    },
  },
  {
    slug: 'unbatched-equals-batch-of-one',
    clause: 'gru.cell.shapes',
    title: 'an unbatched call equals the batch-of-one call with the batch dimension removed',
    fit: (c) => ({ ...c, batched: false }),
    async run(c, cell) {
      const r = cellCaseRequest(c);
      const one: GruCellRequest = {
        ...r,
        input: reshape(r.input, [1, c.input_size]),
        hx: r.hx == null ? r.hx : reshape(r.hx, [1, c.hidden_size]),
      };
      const batchedH = await cell(one);
      const unbatched = await cell(r);
      return [
        {
          what: "unbatched vs batch of one: h'",
          actual: unbatched,
          expected: batchedH.shape.length === 2 ? reshape(batchedH, [c.hidden_size]) : batchedH,
        },
      ];
    },
  },
  {
    slug: 'batch-permutation',
    clause: 'gru.cell.step',
    title: "permuting the batch rows of input and hx permutes the rows of h' (each row is its own step)",
    fit: (c) => ({ ...c, batched: true, batch: Math.max(2, c.batch), hxGiven: true }),
    async run(c, cell) {
      const r = cellCaseRequest(c);
      const order = rowPermutation(c.batch, c.seed);
      const permuted = { ...r, input: takeRows(r.input, order), hx: takeRows(r.hx!, order) };
      const h = await cell(r);
      const hp = await cell(permuted);
      return [
        {
          what: "permuted batch: h' rows",
          actual: hp,
          expected: h.shape.length === 2 ? takeRows(h, order) : h,
        },
      ];
    },
  },
  {
    slug: 'gru-step',
    clause: 'gru.cell.step',
    title:
      "a cell step equals one time step of the implementation's one-layer nn.GRU with the same parameters",
    fit: (c) => ({ ...c, batched: true, batch: Math.max(1, c.batch) }),
    async run(c, cell, gru) {
      const r = cellCaseRequest(c);
      const h = await cell(r);
      const g = await gru(cellAsGruRequest(r));
      const asCell = (t: Tensor) => (t.data.length === h.data.length ? reshape(t, h.shape) : t);
      return [
        { what: "nn.GRU output vs the cell's h'", actual: asCell(g.output), expected: h },
        { what: "nn.GRU h_n vs the cell's h'", actual: asCell(g.h_n), expected: h },
      ];
    },
  },
];
