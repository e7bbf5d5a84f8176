// nn.GRUCell: one step of the same cell as nn.GRU (gru.cell.*). The equations are not restated here: a step
// is one time step of runDirection, the function every nn.GRU layer runs (gru.cell.step).
import { GruSpecError, pyRepr } from './errors.js';
import { runDirection } from './gru-direction.js';
import type { GruParameters } from './parameters.js';
import { type DType, formatShape, sameShape, type Tensor } from './tensor.js';

/** Keyword arguments as a caller passes them to nn.GRUCell. */
export type GruCellKwargs = Record<string, unknown>;

export interface GruCellOptions {
  input_size: number;
  hidden_size: number;
  bias: boolean;
}

// gru.cell.signature: GRUCell(input_size, hidden_size, bias=True, device=None, dtype=None)
const CELL_SIGNATURE = new Set(['input_size', 'hidden_size', 'bias', 'device', 'dtype']);

/** The cell's options; GRUCell checks only the names of its kwargs (gru.cell.lenient-kwargs). */
export function resolveCellKwargs(kwargs: GruCellKwargs): GruCellOptions {
  for (const name of Object.keys(kwargs)) {
    if (!CELL_SIGNATURE.has(name))
      throw new GruSpecError(
        'gru.cell.err-unknown-kwarg',
        `GRUCell got an unexpected keyword argument '${name}'`,
      );
  }
  const size = (name: 'input_size' | 'hidden_size'): number => {
    const v = kwargs[name];
    // gru.cell.lenient-kwargs: a negative or non-integer size fails when the parameters are made
    if (!Number.isInteger(v) || (v as number) < 0)
      throw new GruSpecError('gru.cell.signature', `${name} must be a non-negative int, got ${pyRepr(v)}`);
    return v as number;
  };
  // gru.cell.lenient-kwargs: bias is used by its truth value
  const bias = kwargs.bias === undefined ? true : Boolean(kwargs.bias);
  return { input_size: size('input_size'), hidden_size: size('hidden_size'), bias };
}

/** gru.cell.param-names: weight_ih, weight_hh, and bias_ih, bias_hh when bias is true. */
export function cellParameterShapes(o: GruCellOptions): [name: string, shape: number[]][] {
  const G = 3 * o.hidden_size;
  const weights: [string, number[]][] = [
    ['weight_ih', [G, o.input_size]],
    ['weight_hh', [G, o.hidden_size]],
  ];
  return o.bias ? [...weights, ['bias_ih', [G]], ['bias_hh', [G]]] : weights;
}

function checkCellParameters(o: GruCellOptions, params: GruParameters): DType {
  const expected = cellParameterShapes(o);
  for (const [name, shape] of expected) {
    const p = params[name];
    if (p === undefined) throw new GruSpecError('gru.cell.param-names', `missing parameter ${name}`);
    if (!sameShape(p.shape, shape))
      throw new GruSpecError(
        'gru.cell.param-names',
        `${name} has shape ${formatShape(p.shape)}, expected ${formatShape(shape)}`,
      );
  }
  const extra = Object.keys(params).filter((n) => !expected.some(([e]) => e === n));
  if (extra.length > 0)
    throw new GruSpecError('gru.cell.param-names', `unexpected parameter(s) ${extra.join(', ')}`);
  const dtypes = new Set(expected.map(([n]) => params[n].dtype));
  if (dtypes.size !== 1)
    throw new GruSpecError(
      'gru.cell.param-names',
      `parameters must share one dtype, got ${[...dtypes].join(' and ')}`,
    );
  return params[expected[0][0]].dtype;
}

/** The float64 reference of nn.GRUCell(**kwargs) with the given state_dict, applied to input and hx. */
export function gruCellForward(
  kwargs: GruCellKwargs,
  params: GruParameters,
  input: Tensor,
  hx?: Tensor | null,
): Tensor {
  const o = resolveCellKwargs(kwargs);
  const dtype = checkCellParameters(o, params);
  const I = o.input_size;
  const H = o.hidden_size;
  // gru.cell.err-input-rank, gru.cell.err-hx-rank: checked before anything else
  if (input.shape.length !== 1 && input.shape.length !== 2)
    throw new GruSpecError(
      'gru.cell.err-input-rank',
      `input must be 1-D or 2-D, got ${input.shape.length}-D`,
    );
  if (hx != null && hx.shape.length !== 1 && hx.shape.length !== 2)
    throw new GruSpecError('gru.cell.err-hx-rank', `hx must be 1-D or 2-D, got ${hx.shape.length}-D`);
  // gru.cell.shapes: a 1-D input is one unbatched row
  const batched = input.shape.length === 2;
  const N = batched ? input.shape[0] : 1;
  if (input.shape[input.shape.length - 1] !== I)
    throw new GruSpecError(
      'gru.cell.err-input-features',
      `input ${formatShape(input.shape)} is not of width input_size ${I}`,
    );
  if (hx != null) {
    // gru.cell.err-hx-rank-mismatch: once the input is batched the state must be 2-D
    if (hx.shape.length !== input.shape.length)
      throw new GruSpecError(
        'gru.cell.err-hx-rank-mismatch',
        `hx ${formatShape(hx.shape)} for input ${formatShape(input.shape)}`,
      );
    if (batched && hx.shape[0] !== N)
      throw new GruSpecError('gru.cell.err-batch-mismatch', `hx batch ${hx.shape[0]} for input batch ${N}`);
    if (hx.shape[hx.shape.length - 1] !== H)
      throw new GruSpecError(
        'gru.cell.err-hidden-size',
        `hx ${formatShape(hx.shape)} is not of width hidden_size ${H}`,
      );
  }
  // gru.cell.err-dtype: input and hx meet the parameters in one matrix product
  for (const [what, t] of [
    ['input', input],
    ['hx', hx],
  ] as const) {
    if (t != null && t.dtype !== dtype)
      throw new GruSpecError('gru.cell.err-dtype', `${what} is ${t.dtype}, the parameters ${dtype}`);
  }
  // gru.cell.hx-zeros: an omitted hx is zeros
  const h0 = hx == null ? new Float64Array(N * H) : hx.data;
  const h = new Float64Array(N * H);
  const zeros = new Float64Array(3 * H);
  // gru.cell.step: one time step of one unidirectional layer with the cell's parameters
  runDirection(
    {
      wIh: params.weight_ih.data,
      wHh: params.weight_hh.data,
      bIh: o.bias ? params.bias_ih.data : zeros,
      bHh: o.bias ? params.bias_hh.data : zeros,
    },
    {
      steps: 1,
      batch: N,
      inSize: I,
      hidden: H,
      reverse: false,
      input: input.data,
      h0,
      h0Offset: 0,
      output: h,
      outWidth: H,
      outColumn: 0,
      hN: new Float64Array(N * H),
      hNOffset: 0,
    },
  );
  // gru.cell.dtype: h' in the input's dtype; gru.cell.shapes: (N, H), or (H) when unbatched
  return { dtype: input.dtype, shape: batched ? [N, H] : [H], data: h };
}
