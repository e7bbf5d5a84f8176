// Faulty nn.GRUCells (capability `cell`): the base GRU, right, with a cell that gets one thing wrong, in the
// gate equations, the shapes, the defaults, the checks or at a size. Only the cell family can catch them.
import { baseCellSteps, CELL_CHECKS } from './base-cell.js';
import { baseSteps, dot } from './base-gru.js';
import { type FaultyGru, faultyCell } from './fault.js';

/** The first unit of the tail past the last multiple of `width` (H when H is a multiple of it). */
const tailStart = (H: number, width: number) => Math.floor(H / width) * width;

/** The last h' each stateful cell returned, by fault id. */
const carried = new Map<string, Float64Array>();

export const cellFaults: FaultyGru[] = [
  faultyCell(
    {
      id: 'cell-gate-order-zrn',
      description: 'the cell reads weight_ih, weight_hh and the biases as z|r|n blocks (its nn.GRU is right)',
      clause: 'gru.cell.step',
      variant: 'gate-order-zrn',
      note: 'the ONNX and Keras order, where a converter of the cell forgot the permutation',
    },
    { gateRows: (H) => ({ ih: { r: H, z: 0, n: 2 * H }, hh: { r: H, z: 0, n: 2 * H } }) },
  ),
  faultyCell(
    {
      id: 'cell-reset-before-matmul',
      description:
        'the cell applies r to h before the recurrent product: n = tanh(W_in x + b_in + W_hn (r*h) + b_hn)',
      clause: 'gru.cell.step',
      variant: 'reset-before-matmul',
      note: 'Keras GRUCell reset_after=False, tfjs gruCell',
    },
    {
      step(s, w, x, h) {
        const H = h.length;
        const pre = (row: number, v: Float64Array) =>
          dot(w.wIh, row, x) + w.bIh[row] + (dot(w.wHh, row, v) + w.bHh[row]);
        const rh = h.map((hj, j) => s.sigmoid(pre(j, h)) * hj);
        return h.map((hj, j) => s.hiddenUpdate(s.sigmoid(pre(H + j, h)), s.tanh(pre(2 * H + j, rh)), hj));
      },
    },
  ),
  faultyCell(
    {
      id: 'cell-z-convention-swapped',
      description: "the cell computes h' = z*n + (1-z)*h instead of (1-z)*n + z*h",
      clause: 'gru.cell.step',
      variant: 'update-convention-swapped',
      note: 'the convention of Cho et al. 2014, where z weights the candidate',
    },
    { hiddenUpdate: (z, n, h) => z * n + (1 - z) * h },
  ),
  faultyCell(
    {
      id: 'cell-hx-ignored',
      description: 'the cell starts every row from zeros, whatever hx it is given',
      clause: 'gru.cell.step',
      variant: 'hx-ignored',
    },
    {
      cellLayout: (o, input, _hx) => baseCellSteps.cellLayout(o, input, null),
    },
  ),
  faultyCell(
    {
      id: 'cell-batch-of-one-squeezed',
      description: "the cell returns h' of shape (hidden_size) for an input of shape (1, input_size)",
      clause: 'gru.cell.shapes',
      mistake: 'batch-squeezed',
      models: 'a squeeze() of the result, which drops a batch dimension of 1',
    },
    {
      packCell(s, call, h, o, dtype) {
        const r = baseCellSteps.packCell(s, call, h, o, dtype);
        return call.batched && call.batch === 1 ? { h: { ...r.h, shape: [o.hidden_size] } } : r;
      },
    },
  ),
  faultyCell(
    {
      id: 'cell-unbatched-rejected',
      description:
        'the cell rejects a 1-D (unbatched) input, as a cell written for (N, input_size) only does',
      clause: 'gru.cell.shapes',
      mistake: 'unbatched-rejected',
    },
    {
      cellChecks: [
        {
          clause: 'gru.cell.err-input-rank',
          rejects: ({ input }) => (input.shape.length === 2 ? undefined : '1-D'),
        },
        ...CELL_CHECKS,
      ],
    },
  ),
  faultyCell(
    {
      id: 'cell-state-carried-over',
      description:
        "without hx, the cell starts from the h' of its previous call (a stateful cell) instead of zeros",
      clause: 'gru.cell.hx-zeros',
      mistake: 'stateful',
    },
    {
      cellLayout(o, input, hx) {
        const call = baseCellSteps.cellLayout(o, input, hx);
        const last = carried.get('cell-state-carried-over');
        return hx === null && last?.length === call.hx.length ? { ...call, hx: last } : call;
      },
      packCell(s, call, h, o, dtype) {
        carried.set('cell-state-carried-over', Float64Array.from(h));
        return baseCellSteps.packCell(s, call, h, o, dtype);
      },
    },
  ),
  faultyCell(
    {
      id: 'cell-default-bias-false',
      description:
        'the cell takes an omitted bias as False, so it refuses the biases of GRUCell(input_size, hidden_size)',
      clause: 'gru.cell.signature',
      mistake: 'wrong-default',
    },
    {
      resolveCell: (kwargs) => baseCellSteps.resolveCell({ bias: false, ...kwargs }),
    },
  ),
  faultyCell(
    {
      id: 'cell-bias-type-checked',
      description: "the cell applies nn.GRU's check of bias (a bool) and refuses bias=1, which GRUCell takes",
      clause: 'gru.cell.lenient-kwargs',
      mistake: 'gru-kwarg-checks',
    },
    {
      resolveCell(kwargs) {
        if (Object.hasOwn(kwargs, 'bias') && typeof kwargs.bias !== 'boolean')
          throw Object.assign(new Error(`gru.err.bias-type: bias ${kwargs.bias}`), {
            clause: 'gru.err.bias-type',
          });
        return baseCellSteps.resolveCell(kwargs);
      },
    },
  ),
  faultyCell(
    {
      id: 'cell-size-zero-rejected',
      description:
        "the cell applies nn.GRU's range check of the sizes and refuses input_size or hidden_size 0",
      clause: 'gru.cell.lenient-kwargs',
      mistake: 'gru-kwarg-checks',
    },
    {
      resolveCell(kwargs) {
        const o = baseCellSteps.resolveCell(kwargs);
        if (!(o.input_size > 0) || !(o.hidden_size > 0))
          throw Object.assign(
            new Error(`gru.err.hidden-size-range: sizes ${o.input_size}, ${o.hidden_size}`),
            {
              clause: 'gru.err.hidden-size-range',
            },
          );
        return o;
      },
    },
  ),
  faultyCell(
    {
      id: 'cell-hx-batch-broadcast',
      description: 'the cell does not check the batch of hx: row n of the input reads row n mod (rows of hx)',
      clause: 'gru.cell.err-batch-mismatch',
      mistake: 'check-dropped',
    },
    {
      cellChecks: CELL_CHECKS.filter((c) => c.clause !== 'gru.cell.err-batch-mismatch'),
      cellLayout(o, input, hx) {
        const call = baseCellSteps.cellLayout(o, input, hx);
        const H = o.hidden_size;
        const rows = call.hx.length / H;
        if (rows === call.batch || rows === 0) return call;
        const wide = new Float64Array(call.batch * H);
        for (let n = 0; n < call.batch; n++)
          wide.set(call.hx.subarray((n % rows) * H, ((n % rows) + 1) * H), n * H);
        return { ...call, hx: wide };
      },
    },
  ),
  faultyCell(
    {
      id: 'cell-tail-past-16-stale',
      description: 'the cell never writes the hidden units past the last multiple of 16: they keep hx',
      clause: 'gru.cell.step',
      mistake: 'vector-tail',
      where: /only hidden units \d+(\.\.\d+)? of \d+ differ \(a tail of \d+ past a multiple of (16|32|64)\)/,
    },
    {
      step(s, w, x, h) {
        const next = baseSteps.step(s, w, x, h);
        if (h.length >= 16) for (let j = tailStart(h.length, 16); j < h.length; j++) next[j] = h[j];
        return next;
      },
    },
  ),
  faultyCell(
    {
      id: 'cell-batch-from-8-hx-row-0',
      description:
        'from a batch of 8 on, the cell takes a batched path that starts every row from row 0 of hx',
      clause: 'gru.cell.step',
      mistake: 'batch-path',
      where: /only batch rows/,
    },
    {
      cellLayout(o, input, hx) {
        const call = baseCellSteps.cellLayout(o, input, hx);
        if (call.batch < 8) return call;
        const H = o.hidden_size;
        const first = call.hx.subarray(0, H);
        return { ...call, hx: Float64Array.from({ length: call.batch * H }, (_, i) => first[i % H]) };
      },
    },
  ),
];
