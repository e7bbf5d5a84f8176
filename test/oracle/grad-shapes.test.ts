// What gruBackward returns and refuses: shapes, dtypes, the omitted hx, upstream shape errors.
import { describe, expect, it } from 'vitest';
import {
  type GruKwargs,
  GruSpecError,
  gruBackward,
  gruForward,
  type Tensor,
  tensor,
} from '../../oracle/index.js';
import { paramsOf } from '../helpers/build.js';

const filled = (dtype: 'float32' | 'float64', shape: number[], scale = 0.1): Tensor =>
  tensor(
    dtype,
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + 1) * scale),
  );

function clauseOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof GruSpecError) return e.clause;
    throw e;
  }
  return 'accepted';
}

describe('gradient shapes and dtypes', () => {
  const layouts: [string, GruKwargs, number[], number[]][] = [
    ['batched', { input_size: 3, hidden_size: 4, num_layers: 2 }, [5, 2, 3], [2, 2, 4]],
    [
      'batch_first, bidirectional',
      { input_size: 3, hidden_size: 4, batch_first: true, bidirectional: true },
      [2, 5, 3],
      [2, 2, 4],
    ],
    [
      'unbatched, no bias',
      { input_size: 3, hidden_size: 4, bias: false, bidirectional: true },
      [5, 3],
      [2, 4],
    ],
  ];
  it.each(layouts)(
    'gru.grad.shapes: %s: every gradient has its tensor shape and dtype',
    (_what, kwargs, inShape, hxShape) => {
      for (const dtype of ['float32', 'float64'] as const) {
        const params = paramsOf(kwargs, (_, i) => Math.cos(i) * 0.3, dtype);
        const input = filled(dtype, inShape);
        const hx = filled(dtype, hxShape);
        const f = gruForward(kwargs, params, input, hx);
        const g = gruBackward(kwargs, params, input, hx, {
          output: filled(dtype, f.output.shape),
          h_n: filled(dtype, f.h_n.shape),
        });
        expect([g.input.shape, g.input.dtype]).toEqual([input.shape, dtype]);
        expect([g.hx!.shape, g.hx!.dtype]).toEqual([hx.shape, dtype]);
        expect(Object.keys(g.parameters)).toEqual(Object.keys(params));
        for (const [name, p] of Object.entries(params)) {
          expect([g.parameters[name].shape, g.parameters[name].dtype], name).toEqual([p.shape, dtype]);
          expect(g.parameters[name].data.length, name).toBe(p.data.length);
        }
      }
    },
  );

  it('gru.grad.hx-omitted: no hx gives no hx gradient, and the same other gradients as hx = zeros', () => {
    const kwargs = { input_size: 3, hidden_size: 4, num_layers: 2, bidirectional: true };
    const params = paramsOf(kwargs, (_, i) => Math.cos(i) * 0.3);
    const input = filled('float64', [4, 2, 3]);
    const upstream = { output: filled('float64', [4, 2, 8]), h_n: filled('float64', [4, 2, 4]) };
    const omitted = gruBackward(kwargs, params, input, null, upstream);
    const zeros = gruBackward(kwargs, params, input, tensor('float64', [4, 2, 4]), upstream);
    expect(omitted.hx).toBeNull();
    expect(zeros.hx).not.toBeNull();
    expect(Array.from(omitted.input.data)).toEqual(Array.from(zeros.input.data));
    for (const name of Object.keys(params))
      expect(Array.from(omitted.parameters[name].data), name).toEqual(
        Array.from(zeros.parameters[name].data),
      );
  });

  it('gru.grad.vjp: no upstream at all gives zero gradients', () => {
    const kwargs = { input_size: 2, hidden_size: 3 };
    const params = paramsOf(kwargs, (_, i) => Math.cos(i));
    const g = gruBackward(kwargs, params, filled('float64', [3, 1, 2]), filled('float64', [1, 1, 3]), {});
    expect([...g.input.data, ...g.hx!.data, ...g.parameters.weight_hh_l0.data].every((v) => v === 0)).toBe(
      true,
    );
  });
});

describe('refused calls', () => {
  const kwargs = { input_size: 3, hidden_size: 4, batch_first: true };
  const params = paramsOf(kwargs, (_, i) => 0.01 * i);
  const input = filled('float64', [2, 5, 3]); // output [2, 5, 4], h_n [1, 2, 4]
  const cases: [string, { output?: Tensor; h_n?: Tensor }][] = [
    ['output upstream time-major instead of batch_first', { output: filled('float64', [5, 2, 4]) }],
    ['output upstream that would broadcast', { output: filled('float64', [1, 5, 4]) }],
    ['h_n upstream without its batch', { h_n: filled('float64', [1, 4]) }],
    ['h_n upstream batch-first', { h_n: filled('float64', [2, 1, 4]) }],
  ];
  it.each(cases)('gru.grad.err-upstream-shape: %s is refused, naming both shapes', (_what, upstream) => {
    const run = () => gruBackward(kwargs, params, input, null, upstream);
    expect(clauseOf(run)).toBe('gru.grad.err-upstream-shape');
    const given = (upstream.output ?? upstream.h_n)!.shape;
    expect(run).toThrow(`[${given.join(', ')}]`);
    expect(run).toThrow(upstream.output ? 'output has shape [2, 5, 4]' : 'h_n has shape [1, 2, 4]');
  });

  it('gru.err.hx-shape: the forward validation comes first, with the forward clauses', () => {
    const bad = filled('float64', [1, 3, 4]);
    expect(clauseOf(() => gruBackward(kwargs, params, input, bad, { output: filled('float64', [9]) }))).toBe(
      'gru.err.hx-shape',
    );
  });

  it('gru.dropout.between-layers: training mode without masks is refused as in the forward', () => {
    const k = { input_size: 3, hidden_size: 4, num_layers: 2, dropout: 0.5 };
    const p = paramsOf(k, (_, i) => 0.01 * i);
    expect(
      clauseOf(() => gruBackward(k, p, filled('float64', [2, 1, 3]), null, {}, { training: true })),
    ).toBe('gru.dropout.between-layers');
  });
});
