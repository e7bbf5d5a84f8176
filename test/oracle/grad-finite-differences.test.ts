// The backward against central finite differences of the forward: no trust in the backward's own equations.
import { describe, expect, it } from 'vitest';
import { mulberry32, uniformValues } from '../../harness/random.js';
import {
  type GruForwardOptions,
  type GruKwargs,
  type GruParameters,
  gruBackward,
  gruForward,
  parameterShapes,
  resolveKwargs,
  type Tensor,
  tensor,
} from '../../oracle/index.js';

/**
 * The step: 2^-17 (about 7.6e-6), a power of two. A central difference of L has truncation error about
 * h^2 |L'''| / 6 and rounding error about eps |L| / h (eps = 2^-52); with L, its derivatives and every value
 * of order 1 (as here: weights, inputs and upstream gradients uniform in [-1, 1], a few dozen terms) the sum is
 * smallest near h = eps^(1/3), 6e-6, where both are about 1e-11. The tolerance below, 1e-7 (1 + |g|), leaves a
 * margin of 10^3 to 10^4 over that, yet any real slip (a missing r on b_hn, a dropped 1/(1 - p), a transposed
 * weight) moves a gradient by 1e-3 or more.
 */
const STEP = 2 ** -17;
const TOLERANCE = 1e-7;

interface FdCase {
  name: string;
  kwargs: GruKwargs;
  inputShape: number[];
  hx: boolean;
  upstream: 'output' | 'h_n' | 'both';
  masks?: boolean;
}

function build(c: FdCase, seed: number) {
  const next = mulberry32(seed);
  const { options } = resolveKwargs(c.kwargs);
  const params: GruParameters = Object.fromEntries(
    parameterShapes(options).map(([name, shape]) => [
      name,
      tensor(
        'float64',
        shape,
        uniformValues(
          next,
          shape.reduce((a, b) => a * b),
          0.9,
          false,
        ),
      ),
    ]),
  );
  const input = tensor(
    'float64',
    c.inputShape,
    uniformValues(
      next,
      c.inputShape.reduce((a, b) => a * b),
      1,
      false,
    ),
  );
  const forward = gruForward(c.kwargs, params, input, null, maskedMode(c, options, next));
  const mode = maskedMode(c, options, mulberry32(seed + 1));
  const hxShape = forward.h_n.shape;
  const hx = c.hx
    ? tensor(
        'float64',
        hxShape,
        uniformValues(
          next,
          hxShape.reduce((a, b) => a * b),
          1,
          false,
        ),
      )
    : null;
  const random = (t: Tensor) => tensor('float64', t.shape, uniformValues(next, t.data.length, 1, false));
  const upstream = {
    output: c.upstream === 'h_n' ? null : random(forward.output),
    h_n: c.upstream === 'output' ? null : random(forward.h_n),
  };
  return { params, input, hx, mode, upstream };
}

/** Dropout masks of 0 and 1/(1 - p), about a third dropped, when the case trains. */
function maskedMode(c: FdCase, options: ReturnType<typeof resolveKwargs>['options'], next: () => number) {
  if (!c.masks) return {};
  const batched = c.inputShape.length === 3;
  const [L, N] = !batched
    ? [c.inputShape[0], 1]
    : options.batch_first
      ? [c.inputShape[1], c.inputShape[0]]
      : c.inputShape;
  const width = (options.bidirectional ? 2 : 1) * options.hidden_size;
  const keep = 1 / (1 - options.dropout);
  const dropoutMasks = Array.from({ length: options.num_layers - 1 }, () =>
    tensor(
      'float64',
      [L, N, width],
      Array.from({ length: L * N * width }, () => (next() < 1 / 3 ? 0 : keep)),
    ),
  );
  return { training: true, dropoutMasks } satisfies GruForwardOptions;
}

function loss(c: FdCase, b: ReturnType<typeof build>): number {
  const r = gruForward(c.kwargs, b.params, b.input, b.hx, b.mode);
  let sum = 0;
  if (b.upstream.output)
    for (let i = 0; i < r.output.data.length; i++) sum += b.upstream.output.data[i] * r.output.data[i];
  if (b.upstream.h_n)
    for (let i = 0; i < r.h_n.data.length; i++) sum += b.upstream.h_n.data[i] * r.h_n.data[i];
  return sum;
}

/** The largest |analytic - central difference| / (1 + |analytic|) over every element of `t`. */
function worstError(c: FdCase, b: ReturnType<typeof build>, t: Tensor, grad: Tensor): number {
  let worst = 0;
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i];
    t.data[i] = v + STEP;
    const up = loss(c, b);
    t.data[i] = v - STEP;
    const down = loss(c, b);
    t.data[i] = v;
    const fd = (up - down) / (2 * STEP);
    worst = Math.max(worst, Math.abs(grad.data[i] - fd) / (1 + Math.abs(grad.data[i])));
  }
  return worst;
}

const CASES: FdCase[] = [
  {
    name: 'one layer, hx given, both upstreams',
    kwargs: { input_size: 3, hidden_size: 4 },
    inputShape: [4, 2, 3],
    hx: true,
    upstream: 'both',
  },
  {
    name: 'output upstream only, hx omitted',
    kwargs: { input_size: 2, hidden_size: 3 },
    inputShape: [5, 2, 2],
    hx: false,
    upstream: 'output',
  },
  {
    name: 'h_n upstream only',
    kwargs: { input_size: 2, hidden_size: 3, num_layers: 2 },
    inputShape: [4, 3, 2],
    hx: true,
    upstream: 'h_n',
  },
  {
    name: 'bidirectional, 3 layers',
    kwargs: { input_size: 3, hidden_size: 3, num_layers: 3, bidirectional: true },
    inputShape: [3, 2, 3],
    hx: true,
    upstream: 'both',
  },
  {
    name: 'no bias, batch_first',
    kwargs: { input_size: 3, hidden_size: 4, bias: false, batch_first: true },
    inputShape: [2, 4, 3],
    hx: true,
    upstream: 'both',
  },
  {
    name: 'bidirectional, batch_first, 2 layers, no bias',
    kwargs: {
      input_size: 2,
      hidden_size: 3,
      num_layers: 2,
      bidirectional: true,
      batch_first: true,
      bias: false,
    },
    inputShape: [2, 3, 2],
    hx: false,
    upstream: 'both',
  },
  {
    name: 'unbatched, hx omitted, bidirectional',
    kwargs: { input_size: 3, hidden_size: 4, bidirectional: true },
    inputShape: [5, 3],
    hx: false,
    upstream: 'both',
  },
  {
    name: 'unbatched, hx given, 2 layers',
    kwargs: { input_size: 2, hidden_size: 3, num_layers: 2 },
    inputShape: [4, 2],
    hx: true,
    upstream: 'output',
  },
  {
    name: 'training, 3 bidirectional layers, dropout 0.4 masks',
    kwargs: { input_size: 2, hidden_size: 3, num_layers: 3, bidirectional: true, dropout: 0.4 },
    inputShape: [3, 2, 2],
    hx: true,
    upstream: 'both',
    masks: true,
  },
  {
    name: 'training, 2 layers, batch_first, dropout 0.25 masks, hx omitted',
    kwargs: { input_size: 3, hidden_size: 2, num_layers: 2, batch_first: true, dropout: 0.25 },
    inputShape: [2, 4, 3],
    hx: false,
    upstream: 'output',
    masks: true,
  },
];

describe('central finite differences, float64', () => {
  // also: gru.grad.bptt gru.grad.hidden-update gru.grad.new-gate gru.grad.gates gru.grad.parameters gru.grad.layers
  it.each(CASES.map((c, i) => [c.name, c, i] as const))(
    'gru.grad.vjp: %s: every gradient matches',
    (_name, c, i) => {
      const b = build(c, 1000 + i);
      const g = gruBackward(c.kwargs, b.params, b.input, b.hx, b.upstream, b.mode);
      const errors: Record<string, number> = { input: worstError(c, b, b.input, g.input) };
      if (b.hx) errors.hx = worstError(c, b, b.hx, g.hx!);
      for (const name of Object.keys(b.params))
        errors[name] = worstError(c, b, b.params[name], g.parameters[name]);
      for (const [name, e] of Object.entries(errors))
        expect(e, `${c.name}: ${name}`).toBeLessThanOrEqual(TOLERANCE);
    },
  );

  it('gru.grad.dropout: a training case with a dropped unit has gradients that differ from eval mode', () => {
    const c = CASES.find((x) => x.masks)!;
    const b = build(c, 1000 + CASES.indexOf(c));
    const train = gruBackward(c.kwargs, b.params, b.input, b.hx, b.upstream, b.mode);
    const evalMode = gruBackward(c.kwargs, b.params, b.input, b.hx, b.upstream);
    expect(Array.from(train.input.data)).not.toEqual(Array.from(evalMode.input.data));
  });
});
