// Every rejected call names its clause; valid calls of every option combination give the documented shapes.
import { describe, expect, it } from 'vitest';
import {
  type GruKwargs,
  GruSpecError,
  gruForward,
  resolveKwargs,
  type Tensor,
  tensor,
} from '../../oracle/index.js';
import { paramsOf } from '../helpers/build.js';

const base = { input_size: 3, hidden_size: 4 };
const params = paramsOf(base, (_, i) => 0.01 * i);
const input = tensor('float64', [5, 2, 3]);

function clauseOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof GruSpecError) return e.clause;
    throw e;
  }
  return 'accepted';
}

describe('constructor kwargs', () => {
  const cases: [string, GruKwargs][] = [
    ['gru.err.unknown-kwarg', { ...base, foo: 1 }],
    ['gru.err.unknown-kwarg', { ...base, nonlinearity: 'tanh' }],
    ['gru.err.proj-size', { ...base, proj_size: 0 }],
    ['gru.err.input-size-type', { input_size: 2.5, hidden_size: 4 }],
    ['gru.err.input-size-type', { input_size: '3', hidden_size: 4 }],
    ['gru.err.input-size-type', { hidden_size: 4 }],
    ['gru.err.input-size-range', { input_size: 0, hidden_size: 4 }],
    ['gru.err.input-size-range', { input_size: -1, hidden_size: 4 }],
    ['gru.err.hidden-size-type', { input_size: 3, hidden_size: 2.5 }],
    ['gru.err.hidden-size-type', { input_size: 3, hidden_size: null }],
    ['gru.err.hidden-size-range', { input_size: 3, hidden_size: 0 }],
    ['gru.err.num-layers-type', { ...base, num_layers: 1.5 }],
    ['gru.err.num-layers-type', { ...base, num_layers: '2' }],
    ['gru.err.num-layers-range', { ...base, num_layers: 0 }],
    ['gru.err.num-layers-range', { ...base, num_layers: -2 }],
    ['gru.err.bias-type', { ...base, bias: 0 }],
    ['gru.err.bias-type', { ...base, bias: 'yes' }],
    ['gru.err.batch-first-type', { ...base, batch_first: 1 }],
    ['gru.err.dropout-range', { ...base, dropout: 1.5 }],
    ['gru.err.dropout-range', { ...base, dropout: -0.1 }],
    ['gru.err.dropout-range', { ...base, dropout: true }],
    ['gru.err.dropout-range', { ...base, dropout: '0.5' }],
    ['gru.err.dropout-range', { ...base, dropout: Number.NaN }],
  ];
  it.each(cases)('%s: rejects %o', (clause, kwargs) => {
    expect(clauseOf(() => resolveKwargs(kwargs))).toBe(clause);
  });

  it('gru.err.dropout-range: the bounds 0 and 1 are accepted', () => {
    expect(resolveKwargs({ ...base, num_layers: 2, dropout: 1 }).options.dropout).toBe(1);
    expect(resolveKwargs({ ...base, dropout: 0 }).options.dropout).toBe(0);
  });
  it('gru.warn.dropout-single-layer: dropout > 0 with one layer warns, with two it does not', () => {
    expect(resolveKwargs({ ...base, dropout: 0.5 }).warnings).toEqual(['gru.warn.dropout-single-layer']);
    expect(resolveKwargs({ ...base, dropout: 0.5, num_layers: 2 }).warnings).toEqual([]);
  });
  it('gru.ctor.signature: omitted kwargs take the documented defaults', () => {
    expect(resolveKwargs(base).options).toEqual({
      ...base,
      num_layers: 1,
      bias: true,
      batch_first: false,
      dropout: 0,
      bidirectional: false,
    });
  });
});

describe('forward arguments', () => {
  const hx = (shape: number[], dtype: Tensor['dtype'] = 'float64') => tensor(dtype, shape);
  const cases: [string, Tensor, Tensor | null][] = [
    ['gru.err.input-rank', tensor('float64', [5]), null],
    ['gru.err.input-rank', tensor('float64', [2, 5, 2, 3]), null],
    ['gru.err.input-features', tensor('float64', [5, 2, 2]), null],
    ['gru.err.input-features', tensor('float64', [5, 4]), null],
    ['gru.err.hx-rank', input, hx([2, 4])],
    ['gru.err.hx-rank', tensor('float64', [5, 3]), hx([1, 1, 4])],
    ['gru.err.hx-shape', input, hx([2, 2, 4])],
    ['gru.err.hx-shape', input, hx([1, 3, 4])],
    ['gru.err.hx-shape', input, hx([1, 2, 5])],
    ['gru.err.hx-shape', tensor('float64', [5, 3]), hx([1, 5])],
    ['gru.err.input-dtype', tensor('float32', [5, 2, 3]), null],
    ['gru.err.hx-dtype', input, hx([1, 2, 4], 'float32')],
    ['gru.err.seq-len-zero', tensor('float64', [0, 2, 3]), null],
    ['gru.err.seq-len-zero', tensor('float64', [0, 3]), null],
    ['gru.err.seq-len-zero', tensor('float64', [0, 0, 3]), null],
  ];
  it.each(cases)('%s: rejects input %o', (clause, x, h) => {
    expect(clauseOf(() => gruForward(base, params, x, h))).toBe(clause);
  });
  it('gru.err.hx-shape: with batch_first, hx stays (D * num_layers, N, H); a batch-first hx is rejected', () => {
    const kwargs = { ...base, batch_first: true };
    const x = tensor('float64', [2, 5, 3]); // N = 2, L = 5
    expect(clauseOf(() => gruForward(kwargs, params, x, hx([1, 2, 4])))).toBe('accepted');
    expect(clauseOf(() => gruForward(kwargs, params, x, hx([2, 1, 4])))).toBe('gru.err.hx-shape');
  });
  it('gru.param.shapes: a parameter of the wrong shape is named', () => {
    const bad = { ...params, weight_hh_l0: tensor('float64', [12, 3]) };
    expect(clauseOf(() => gruForward(base, bad, input))).toBe('gru.param.shapes');
  });
  it('gru.param.names: a missing or unexpected parameter is named', () => {
    const { bias_ih_l0: _, ...missing } = params;
    expect(clauseOf(() => gruForward(base, missing, input))).toBe('gru.param.names');
    expect(clauseOf(() => gruForward({ ...base, bias: false }, params, input))).toBe('gru.param.names');
  });
  it('gru.shape.batch-zero: a batch of 0 is accepted', () => {
    const r = gruForward(
      { ...base, num_layers: 2, bidirectional: true },
      paramsOf({ ...base, num_layers: 2, bidirectional: true }, () => 0.1),
      tensor('float64', [5, 0, 3]),
    );
    expect(r.output.shape).toEqual([5, 0, 8]);
    expect(r.h_n.shape).toEqual([4, 0, 4]);
  });
});

describe('every option combination', () => {
  const combos = [];
  for (const bias of [true, false])
    for (const batch_first of [true, false])
      for (const bidirectional of [true, false])
        for (const num_layers of [1, 2, 3])
          for (const hxGiven of [true, false])
            for (const batched of [true, false])
              for (const dropout of [0, 0.4])
                combos.push({ bias, batch_first, bidirectional, num_layers, hxGiven, batched, dropout });

  it.each(combos)('gru.shape.output-batched: shapes for %o', (c) => {
    const kwargs = {
      input_size: 3,
      hidden_size: 4,
      num_layers: c.num_layers,
      bias: c.bias,
      batch_first: c.batch_first,
      bidirectional: c.bidirectional,
      dropout: c.dropout,
    };
    const [L, N, D] = [5, 2, c.bidirectional ? 2 : 1];
    const p = paramsOf(kwargs, (name, i) => Math.sin(i + name.length));
    const shape = !c.batched ? [L, 3] : c.batch_first ? [N, L, 3] : [L, N, 3];
    const x = tensor(
      'float64',
      shape,
      Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.cos(i)),
    );
    const hxShape = c.batched ? [D * c.num_layers, N, 4] : [D * c.num_layers, 4];
    const r = gruForward(
      kwargs,
      p,
      x,
      c.hxGiven ? tensor('float64', hxShape, Array(hxShape.reduce((a, b) => a * b)).fill(0.3)) : null,
    );
    expect(r.output.shape).toEqual(!c.batched ? [L, D * 4] : c.batch_first ? [N, L, D * 4] : [L, N, D * 4]);
    expect(r.h_n.shape).toEqual(hxShape);
    expect([...r.output.data, ...r.h_n.data].every(Number.isFinite)).toBe(true);
  });
});

describe('defaults', () => {
  const table: [string, string, unknown][] = [
    ['gru.default.num-layers', 'num_layers', 1],
    ['gru.default.bias', 'bias', true],
    ['gru.default.batch-first', 'batch_first', false],
    ['gru.default.dropout', 'dropout', 0.0],
    ['gru.default.bidirectional', 'bidirectional', false],
  ];
  const x = tensor(
    'float64',
    [4, 2, 3],
    Array.from({ length: 24 }, (_, i) => Math.sin(i)),
  );
  it.each(table)('%s: omitting %s equals passing %o', (_clause, name, value) => {
    const omitted = gruForward(base, params, x);
    const explicit = gruForward({ ...base, [name]: value }, params, x);
    expect(Array.from(explicit.output.data)).toEqual(Array.from(omitted.output.data));
    expect(Array.from(explicit.h_n.data)).toEqual(Array.from(omitted.h_n.data));
  });
});

describe('shapes and dtypes', () => {
  const kwargs = { input_size: 3, hidden_size: 4, num_layers: 2, bidirectional: true };
  const p = paramsOf(kwargs, (_, i) => Math.cos(i) / 2);
  it('gru.layer.input-width: layer 1 weights take D * H = 8 features', () => {
    expect(p.weight_ih_l0.shape).toEqual([12, 3]);
    expect(p.weight_ih_l1_reverse.shape).toEqual([12, 8]);
  });
  // also: gru.shape.h-n
  it('gru.shape.input-batched: (L, N, I) gives output (L, N, D*H) and h_n (D*NL, N, H)', () => {
    const r = gruForward(kwargs, p, tensor('float64', [5, 2, 3]));
    expect([r.output.shape, r.h_n.shape]).toEqual([
      [5, 2, 8],
      [4, 2, 4],
    ]);
  });
  it('gru.shape.unbatched: (L, I) gives output (L, D*H) and h_n (D*NL, H), batch_first ignored', () => {
    const r = gruForward({ ...kwargs, batch_first: true }, p, tensor('float64', [5, 3]));
    expect([r.output.shape, r.h_n.shape]).toEqual([
      [5, 8],
      [4, 4],
    ]);
  });
  it('gru.dtype.output-matches-input: float32 calls give float32-typed results computed in float64', () => {
    const p32 = paramsOf(kwargs, (_, i) => Math.fround(Math.cos(i) / 2), 'float32');
    const r = gruForward(kwargs, p32, tensor('float32', [5, 2, 3], Array(30).fill(Math.fround(0.1))));
    expect([r.output.dtype, r.h_n.dtype]).toEqual(['float32', 'float32']);
    // also: gru.dtype.float64-reference
    expect(r.output.data).toBeInstanceOf(Float64Array);
    expect(Array.from(r.output.data).some((v) => v !== Math.fround(v))).toBe(true);
  });
});

describe('validation order', () => {
  it('gru.err.proj-size: proj_size is rejected before an unknown kwarg, as GRU.__init__ checks it first', () => {
    expect(clauseOf(() => resolveKwargs({ ...base, foo: 1, proj_size: 0 }))).toBe('gru.err.proj-size');
    expect(clauseOf(() => resolveKwargs({ foo: 1, ...base, proj_size: 0 }))).toBe('gru.err.proj-size');
  });
});
