// Metamorphic relations of the backward (capability `backward`): pairs of gradients that the chain rule ties
// together, computed by the implementation alone, no oracle needed (the oracle only sizes the allowance).
import { type Tensor, tensor } from '../../oracle/index.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import { reshape, sliceLast, takeDim1 } from '../tensor-ops.js';
import { rowPermutation } from './cell-relations.js';
import { type GradCase, gradRequest } from './grad-case.js';
import { caseHxShape } from './gru-case.js';

export type Gradients = Record<string, Tensor>;
export type BackwardCall = (request: GruBackwardRequest) => Promise<Gradients>;

/** Two gradients that must be equal: the implementation's, and what the relation derives from its other answers. */
export interface GradPair {
  what: string;
  /** The gradient's name: its allowance is that gradient's. */
  name: string;
  actual: Tensor;
  expected: Tensor;
}

export interface GradRelation {
  /** The check id's last part. */
  slug: string;
  clause: string;
  title: string;
  /** Narrows any case to one the relation applies to (by construction, not by filtering). */
  fit(c: GradCase): GradCase;
  /** The requests whose oracle gradients size the allowance (the widest of them counts). */
  requests(c: GradCase): GruBackwardRequest[];
  run(c: GradCase, backward: BackwardCall): Promise<GradPair[]>;
}

const add = (a: Tensor, b: Tensor): Tensor => ({ ...a, data: a.data.map((v, i) => v + b.data[i]) });
const scaled = (a: Tensor, k: number): Tensor => ({ ...a, data: a.data.map((v) => v * k) });

/** The tensor, with a name's shape check left to the comparison (a missing gradient is a missing pair). */
function named(g: Gradients, name: string, relation: string): Tensor {
  const t = g[name];
  if (t === undefined) throw new Error(`${relation}: the answer has no gradient ${name}`);
  return t;
}

/** Pairs for every name of `expected`. */
function pairsOf(what: string, actual: Gradients, expected: Gradients): GradPair[] {
  return Object.keys(expected).map((name) => ({
    what: `${what}: ${name}`,
    name,
    actual: named(actual, name, what),
    expected: expected[name],
  }));
}

/** The request with only the output's, or only h_n's, upstream gradient. */
const onlyUpstream = (r: GruBackwardRequest, which: 'output' | 'h_n'): GruBackwardRequest => ({
  ...r,
  upstream:
    which === 'output' ? { output: r.upstream.output, h_n: null } : { output: null, h_n: r.upstream.h_n },
});

/** Batch row(s) `order` of a time-major case's request (input, hx, upstreams, masks along dimension 1). */
function takeBatch(r: GruBackwardRequest, order: number[]): GruBackwardRequest {
  const take = (t: Tensor | null | undefined) => (t == null ? t : takeDim1(t, order));
  return {
    ...r,
    input: takeDim1(r.input, order),
    hx: take(r.hx),
    upstream: { output: take(r.upstream.output), h_n: take(r.upstream.h_n) },
    ...(r.dropoutMasks ? { dropoutMasks: r.dropoutMasks.map((m) => takeDim1(m, order)) } : {}),
  };
}

const isParameter = (name: string) => name !== 'input' && name !== 'hx';

export const GRAD_RELATIONS: GradRelation[] = [
  {
    slug: 'upstream-linear',
    clause: 'gru.grad.vjp',
    title:
      'the gradients are linear in the upstream: those of (G_out, G_hn) equal those of (G_out, 0) plus those of (0, G_hn), and scaling the upstream by -3 scales them by -3',
    fit: (c) => ({ ...c, upstream: 'both' }),
    requests: (c) => {
      const r = gradRequest(c);
      return [r, onlyUpstream(r, 'output'), onlyUpstream(r, 'h_n')];
    },
    async run(c, backward) {
      const r = gradRequest(c);
      const both = await backward(r);
      const out = await backward(onlyUpstream(r, 'output'));
      const hn = await backward(onlyUpstream(r, 'h_n'));
      const sum = Object.fromEntries(Object.keys(hn).map((k) => [k, add(named(out, k, 'sum'), hn[k])]));
      const neg = await backward({
        ...r,
        upstream: { output: scaled(r.upstream.output!, -3), h_n: scaled(r.upstream.h_n!, -3) },
      });
      const tripled = Object.fromEntries(Object.keys(both).map((k) => [k, scaled(both[k], -3)]));
      return [
        ...pairsOf('both upstreams vs the sum of each alone', both, sum),
        ...pairsOf('upstream scaled by -3 vs its gradients scaled by -3', neg, tripled),
      ];
    },
  },
  {
    slug: 'zero-upstream',
    clause: 'gru.grad.vjp',
    title: 'no upstream gradient (both null), or zero tensors, gives zero gradients everywhere',
    fit: (c) => c,
    requests: (c) => [{ ...gradRequest(c), upstream: {} }],
    async run(c, backward) {
      const r = gradRequest(c);
      const none = await backward({ ...r, upstream: { output: null, h_n: null } });
      const zero = (t: Tensor) => tensor(t.dtype, t.shape);
      const zeros = await backward({
        ...r,
        upstream: {
          output: r.upstream.output ? zero(r.upstream.output) : null,
          h_n: r.upstream.h_n ? zero(r.upstream.h_n) : null,
        },
      });
      const want = Object.fromEntries(
        [['input', r.input], ...(r.hx ? [['hx', r.hx] as const] : []), ...Object.entries(r.parameters)].map(
          ([k, t]) => [k, zero(t as Tensor)],
        ),
      );
      return [...pairsOf('no upstream', none, want), ...pairsOf('zero upstream tensors', zeros, want)];
    },
  },
  {
    slug: 'unbatched-equals-batch-of-one',
    clause: 'gru.grad.shapes',
    title: 'an unbatched call has the gradients of the batch-of-one call with the batch dimension removed',
    fit: (c) => ({ ...c, batched: false }),
    requests: (c) => [gradRequest(c)],
    async run(c, backward) {
      const r = gradRequest(c);
      // a sequence gets its batch of one where batch_first puts the batch; a state always in dimension 1
      const seq = (t: Tensor) => reshape(t, c.batch_first ? [1, ...t.shape] : [t.shape[0], 1, t.shape[1]]);
      const state = (t: Tensor | null | undefined) =>
        t == null ? t : reshape(t, [t.shape[0], 1, t.shape[1]]);
      const out = r.upstream.output;
      const batched = await backward({
        ...r,
        input: seq(r.input),
        hx: state(r.hx),
        upstream: { output: out == null ? out : seq(out), h_n: state(r.upstream.h_n) },
      });
      const unbatched = await backward(r);
      const squeezed = Object.fromEntries(
        Object.entries(batched).map(([k, t]) => [
          k,
          (k === 'input' || k === 'hx') && t.shape.length === 3 ? reshape(t, squeezeShape(t.shape, k, c)) : t,
        ]),
      );
      return pairsOf('unbatched vs batch of one', unbatched, squeezed);
    },
  },
  {
    slug: 'batch-permutation',
    clause: 'gru.grad.parameters',
    title:
      'permuting the batch rows of input, hx and the upstreams permutes the rows of the input and hx gradients and leaves the parameter gradients unchanged',
    fit: (c) => ({ ...c, batched: true, batch_first: false, batch: Math.max(2, c.batch), hxGiven: true }),
    requests: (c) => [gradRequest(c)],
    async run(c, backward) {
      const r = gradRequest(c);
      const order = rowPermutation(c.batch, c.seed);
      const g = await backward(r);
      const gp = await backward(takeBatch(r, order));
      const want = Object.fromEntries(
        Object.entries(g).map(([k, t]) => [
          k,
          isParameter(k) || t.shape.length !== 3 ? t : takeDim1(t, order),
        ]),
      );
      return pairsOf('permuted batch', gp, want);
    },
  },
  {
    slug: 'batch-sums-rows',
    clause: 'gru.grad.parameters',
    title:
      "a batch's parameter gradients are the sum of each row's own call, and its input and hx gradients are each row's",
    fit: (c) => ({
      ...c,
      batched: true,
      batch_first: false,
      batch: Math.min(4, Math.max(2, c.batch)),
      hxGiven: true,
    }),
    requests: (c) => [gradRequest(c)],
    async run(c, backward) {
      const r = gradRequest(c);
      const whole = await backward(r);
      const rows: Gradients[] = [];
      for (let n = 0; n < c.batch; n++) rows.push(await backward(takeBatch(r, [n])));
      const want: Gradients = {};
      for (const k of Object.keys(whole)) {
        if (isParameter(k)) want[k] = rows.map((g) => named(g, k, 'row')).reduce((a, b) => add(a, b));
        else want[k] = joinBatch(rows.map((g) => named(g, k, 'row')));
      }
      return pairsOf('batch vs its rows', whole, want);
    },
  },
  {
    slug: 'bias-rz-equal',
    clause: 'gru.grad.gates',
    title:
      "bias_ih's and bias_hh's gradients are equal in the r and z blocks (both halves of a_r and a_z get the same)",
    fit: (c) => ({ ...c, bias: true }),
    requests: (c) => [gradRequest(c)],
    async run(c, backward) {
      const g = await backward(gradRequest(c));
      const H = c.hidden_size;
      return Object.keys(g)
        .filter((k) => k.startsWith('bias_ih'))
        .map((k) => {
          const hh = k.replace('bias_ih', 'bias_hh');
          return {
            what: `r and z blocks of ${hh} vs ${k}`,
            name: hh,
            actual: sliceLast(named(g, hh, 'bias'), 0, 2 * H),
            expected: sliceLast(g[k], 0, 2 * H),
          };
        });
    },
  },
  {
    slug: 'hx-omitted-zeros',
    clause: 'gru.grad.hx-omitted',
    title:
      'without hx, the input and parameter gradients are those of hx = zeros, and there is no hx gradient',
    fit: (c) => ({ ...c, hxGiven: false }),
    requests: (c) => [gradRequest(c)],
    async run(c, backward) {
      const r = gradRequest(c);
      const omitted = await backward(r);
      const zeros = tensor(r.dtype, caseHxShape(c));
      const given = await backward({ ...r, hx: zeros });
      const { hx: _hx, ...rest } = given;
      return pairsOf('hx omitted vs zeros', omitted, rest);
    },
  },
];

/** A batch-of-one gradient's shape without its batch dimension (dimension 0 for a batch_first input). */
const squeezeShape = (shape: number[], name: string, c: GradCase): number[] =>
  name === 'input' && c.batch_first ? [shape[1], shape[2]] : [shape[0], shape[2]];

/** Rows (L, 1, X) joined along dimension 1 into (L, N, X). */
function joinBatch(rows: Tensor[]): Tensor {
  const [a, , c] = rows[0].shape;
  const out = new Float64Array(a * rows.length * c);
  rows.forEach((t, n) => {
    for (let i = 0; i < a; i++) out.set(t.data.subarray(i * c, (i + 1) * c), (i * rows.length + n) * c);
  });
  return { dtype: rows[0].dtype, shape: [a, rows.length, c], data: out };
}
