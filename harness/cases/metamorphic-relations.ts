// Metamorphic relations: pairs of calls whose results nn.GRU's contract ties together, with no oracle needed.
import {
  type GruKwargs,
  type GruParameters,
  numDirections,
  parameterShapes,
  resolveKwargs,
  type Tensor,
  tensor,
} from '../../oracle/index.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import {
  concatDim0,
  concatLast,
  flipDim0,
  reshape,
  sliceDim0,
  sliceLast,
  takeDim1,
  transpose01,
} from '../tensor-ops.js';
import { caseHxShape, caseRequest, type GruCase } from './gru-case.js';

export type Call = (request: GruRequest) => Promise<GruResponse>;

/** Two tensors the relation says must be equal (within the tolerance model). */
export interface Pair {
  what: string;
  actual: Tensor;
  expected: Tensor;
}

export interface Relation {
  clause: string;
  title: string;
  /** Narrows any case to one the relation applies to (constraints by construction, not by filtering). */
  fit(c: GruCase): GruCase;
  run(c: GruCase, call: Call): Promise<Pair[]>;
}

const timeMajor = (c: GruCase): GruCase => ({ ...c, batched: true, batch_first: false });

const pairs = (what: string, a: GruResponse, b: GruResponse): Pair[] => [
  { what: `${what} output`, actual: a.output, expected: b.output },
  { what: `${what} h_n`, actual: a.h_n, expected: b.h_n },
];

/** Renames layer `from` (both directions) to layer 0, and optionally the reverse direction to forward. */
function layerParams(params: GruParameters, layer: number, reverseOnly?: boolean): GruParameters {
  const out: GruParameters = {};
  for (const [name, value] of Object.entries(params)) {
    const m = /^(\w+)_l(\d+)(_reverse)?$/.exec(name);
    if (m === null || Number(m[2]) !== layer) continue;
    if (reverseOnly === undefined) out[`${m[1]}_l0${m[3] ?? ''}`] = value;
    else if (reverseOnly === (m[3] !== undefined)) out[`${m[1]}_l0`] = value;
  }
  return out;
}

function singleLayerKwargs(c: GruCase, inputSize: number, bidirectional: boolean): GruKwargs {
  return { input_size: inputSize, hidden_size: c.hidden_size, num_layers: 1, bias: c.bias, bidirectional };
}

export const RELATIONS: Relation[] = [
  {
    clause: 'gru.default.hx-zeros',
    title: 'forward(input) equals forward(input, zeros)',
    fit: (c) => ({ ...c, hxGiven: false }),
    async run(c, call) {
      const r = caseRequest(c);
      return pairs(
        'hx omitted vs zeros:',
        await call(r),
        await call({ ...r, hx: tensor(r.dtype, caseHxShape(c)) }),
      );
    },
  },
  {
    clause: 'gru.shape.unbatched-equals-batch-of-one',
    title: 'an unbatched call equals the batch-of-one call with the batch dimension removed',
    fit: (c) => ({ ...c, batched: false }),
    async run(c, call) {
      const r = caseRequest(c);
      const a = await call(r);
      const [L, I] = r.input.shape;
      const input = reshape(r.input, c.batch_first ? [1, L, I] : [L, 1, I]);
      const hx = r.hx ? reshape(r.hx, [r.hx.shape[0], 1, r.hx.shape[1]]) : r.hx;
      const b = await call({ ...r, input, hx });
      return pairs('unbatched vs batch of one:', a, {
        output: reshape(b.output, a.output.shape),
        h_n: reshape(b.h_n, a.h_n.shape),
      });
    },
  },
  {
    clause: 'gru.shape.h-n-never-batch-first',
    title: 'batch_first=True equals batch_first=False on the transposed input; h_n is the same',
    fit: (c) => ({ ...c, batched: true, batch_first: true }),
    async run(c, call) {
      const r = caseRequest(c);
      const a = await call(r);
      const b = await call({
        ...r,
        kwargs: { ...r.kwargs, batch_first: false },
        input: transpose01(r.input),
      });
      return pairs('batch_first vs transposed:', a, { output: transpose01(b.output), h_n: b.h_n });
    },
  },
  {
    clause: 'gru.shape.batch-independent',
    title: 'permuting the batch permutes output and h_n the same way',
    fit: (c) => ({ ...timeMajor(c), batch: Math.max(c.batch, 2) }),
    async run(c, call) {
      const r = caseRequest(c);
      const order = Array.from({ length: c.batch }, (_, i) => c.batch - 1 - i);
      const a = await call(r);
      const b = await call({
        ...r,
        input: takeDim1(r.input, order),
        hx: r.hx ? takeDim1(r.hx, order) : r.hx,
      });
      return pairs('permuted batch:', b, { output: takeDim1(a.output, order), h_n: takeDim1(a.h_n, order) });
    },
  },
  {
    clause: 'gru.eq.no-bias',
    title: 'bias=False equals bias=True with zero biases',
    fit: (c) => ({ ...c, bias: false }),
    async run(c, call) {
      const r = caseRequest(c);
      const kwargs = { ...r.kwargs, bias: true };
      const parameters: GruParameters = {};
      for (const [name, shape] of parameterShapes(resolveKwargs(kwargs).options)) {
        parameters[name] = r.parameters[name] ?? tensor(r.dtype, shape);
      }
      return pairs('bias=False vs zero biases:', await call(r), await call({ ...r, kwargs, parameters }));
    },
  },
  {
    clause: 'gru.layer.stacking',
    title: 'an L-layer GRU equals L single-layer GRUs applied in turn',
    fit: (c) => ({ ...timeMajor(c), num_layers: Math.max(c.num_layers, 2), dropout: 0 }),
    async run(c, call) {
      const r = caseRequest(c);
      const full = await call(r);
      const D = numDirections(c);
      let x = r.input;
      const states: Tensor[] = [];
      for (let k = 0; k < c.num_layers; k++) {
        const kwargs = singleLayerKwargs(c, k === 0 ? c.input_size : D * c.hidden_size, c.bidirectional);
        const hx = r.hx ? sliceDim0(r.hx, k * D, (k + 1) * D) : r.hx;
        const step = await call({ ...r, kwargs, parameters: layerParams(r.parameters, k), input: x, hx });
        states.push(step.h_n);
        x = step.output;
      }
      return pairs('stacked vs layer by layer:', full, { output: x, h_n: concatDim0(states) });
    },
  },
  {
    clause: 'gru.dir.reverse-output-time-aligned',
    title: 'a bidirectional layer equals a forward run beside the time-flipped run of the reverse weights',
    fit: (c) => ({ ...timeMajor(c), bidirectional: true, num_layers: 1, dropout: 0 }),
    async run(c, call) {
      const r = caseRequest(c);
      const full = await call(r);
      const kwargs = singleLayerKwargs(c, c.input_size, false);
      const hxRow = (d: number) => (r.hx ? sliceDim0(r.hx, d, d + 1) : r.hx);
      const fwd = await call({ ...r, kwargs, parameters: layerParams(r.parameters, 0, false), hx: hxRow(0) });
      const rev = await call({
        ...r,
        kwargs,
        parameters: layerParams(r.parameters, 0, true),
        input: flipDim0(r.input),
        hx: hxRow(1),
      });
      return pairs('bidirectional vs two unidirectional runs:', full, {
        output: concatLast([fwd.output, flipDim0(rev.output)]),
        h_n: concatDim0([fwd.h_n, rev.h_n]),
      });
    },
  },
  {
    clause: 'gru.eq.recurrence',
    title: 'running x[:k] then x[k:] from the carried h_n equals running x (unidirectional)',
    fit: (c) => ({ ...timeMajor(c), bidirectional: false, steps: Math.max(c.steps, 2) }),
    async run(c, call) {
      const r = caseRequest(c);
      const k = Math.floor(c.steps / 2);
      const full = await call(r);
      const first = await call({ ...r, input: sliceDim0(r.input, 0, k) });
      const second = await call({ ...r, input: sliceDim0(r.input, k, c.steps), hx: first.h_n });
      return pairs('whole vs split sequence:', full, {
        output: concatDim0([first.output, second.output]),
        h_n: second.h_n,
      });
    },
  },
  {
    clause: 'gru.dir.h-n-final-state',
    title: "h_n's last-layer rows equal the output at t = L-1 (forward) and t = 0 (reverse)",
    fit: timeMajor,
    async run(c, call) {
      const a = await call(caseRequest(c));
      const H = c.hidden_size;
      const D = numDirections(c);
      const last = (c.num_layers - 1) * D;
      const row = (d: number) => reshape(sliceDim0(a.h_n, last + d, last + d + 1), [c.batch, H]);
      const at = (t: number, d: number) =>
        reshape(sliceLast(sliceDim0(a.output, t, t + 1), d * H, (d + 1) * H), [c.batch, H]);
      const result: Pair[] = [
        { what: 'forward h_n vs output[L-1]', actual: row(0), expected: at(c.steps - 1, 0) },
      ];
      if (D === 2) result.push({ what: 'reverse h_n vs output[0]', actual: row(1), expected: at(0, 1) });
      return result;
    },
  },
  {
    clause: 'gru.dropout.eval-identity',
    title: 'in eval mode dropout > 0 computes exactly what dropout = 0 computes',
    fit: (c) => ({ ...c, num_layers: Math.max(c.num_layers, 2), dropout: c.dropout > 0 ? c.dropout : 0.5 }),
    async run(c, call) {
      const r = caseRequest(c);
      return pairs(
        'dropout vs none:',
        await call(r),
        await call({ ...r, kwargs: { ...r.kwargs, dropout: 0 } }),
      );
    },
  },
];
