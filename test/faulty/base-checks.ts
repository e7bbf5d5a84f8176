// The base GRU's validation, written as lists of named checks so that a fault can drop one (gru.err.*).
import type { DType, GruKwargs, GruOptions, GruParameters, Tensor } from '../../oracle/index.js';

/** One way a call can be rejected: the clause it enforces and, for a bad call, why. */
export interface Check<C> {
  clause: string;
  /** A reason when the call must be rejected, undefined when this check lets it through. */
  rejects(call: C): string | undefined;
}

/** The forward call as the checks see it, after the kwargs are resolved and the parameters checked. */
export interface ForwardCall {
  o: GruOptions;
  /** The parameters' dtype. */
  dtype: DType;
  input: Tensor;
  hx: Tensor | null;
}

const SIGNATURE = [
  'input_size',
  'hidden_size',
  'num_layers',
  'bias',
  'batch_first',
  'dropout',
  'bidirectional',
  'device',
  'dtype',
];

const show = (v: unknown): string => (v === undefined ? '<missing>' : (JSON.stringify(v) ?? String(v)));
/** Python's isinstance(v, int), where a bool counts as an int. */
const isInt = (v: unknown): boolean => typeof v === 'boolean' || Number.isInteger(v);
const given = (k: GruKwargs, name: string): boolean => Object.hasOwn(k, name);

function sizeChecks(name: 'input_size' | 'hidden_size', area: string): Check<GruKwargs>[] {
  return [
    {
      clause: `gru.err.${area}-type`,
      rejects: (k) => (isInt(k[name]) ? undefined : `${name} ${show(k[name])} is not an int`),
    },
    {
      clause: `gru.err.${area}-range`,
      rejects: (k) => (Number(k[name]) > 0 ? undefined : `${name} ${show(k[name])} is not positive`),
    },
  ];
}

/** Constructor checks in PyTorch's order; each looks only at kwargs the caller passed. */
export const KWARG_CHECKS: Check<GruKwargs>[] = [
  {
    clause: 'gru.err.proj-size',
    rejects: (k) => (given(k, 'proj_size') ? `proj_size=${show(k.proj_size)} is for LSTM only` : undefined),
  },
  {
    clause: 'gru.err.unknown-kwarg',
    rejects: (k) => {
      const unknown = Object.keys(k).filter((n) => n !== 'proj_size' && !SIGNATURE.includes(n));
      return unknown.length > 0 ? `unexpected keyword argument(s) ${unknown.join(', ')}` : undefined;
    },
  },
  {
    clause: 'gru.err.dropout-range',
    rejects: (k) => {
      const p = k.dropout;
      const ok = !given(k, 'dropout') || (typeof p === 'number' && p >= 0 && p <= 1);
      return ok ? undefined : `dropout ${show(p)} is not a number in [0, 1]`;
    },
  },
  {
    clause: 'gru.err.bias-type',
    rejects: (k) => (!given(k, 'bias') || typeof k.bias === 'boolean' ? undefined : `bias ${show(k.bias)}`),
  },
  {
    clause: 'gru.err.batch-first-type',
    rejects: (k) =>
      !given(k, 'batch_first') || typeof k.batch_first === 'boolean'
        ? undefined
        : `batch_first ${show(k.batch_first)}`,
  },
  ...sizeChecks('input_size', 'input-size'),
  ...sizeChecks('hidden_size', 'hidden-size'),
  {
    // PyTorch compares num_layers with 0 before it uses it as an int
    clause: 'gru.err.num-layers-range',
    rejects: (k) => {
      const v = k.num_layers;
      const numeric = typeof v === 'number' || typeof v === 'boolean';
      return given(k, 'num_layers') && numeric && Number(v) <= 0 ? `num_layers ${show(v)}` : undefined;
    },
  },
  {
    clause: 'gru.err.num-layers-type',
    rejects: (k) =>
      !given(k, 'num_layers') || isInt(k.num_layers) ? undefined : `num_layers ${show(k.num_layers)}`,
  },
];

/** Sequence length, batch size and batchedness of an input of rank 2 or 3. */
export function inputSizes(o: GruOptions, input: Tensor): { batched: boolean; steps: number; batch: number } {
  const batched = input.shape.length === 3;
  if (!batched) return { batched, steps: input.shape[0], batch: 1 };
  const [a, b] = input.shape;
  return o.batch_first ? { batched, steps: b, batch: a } : { batched, steps: a, batch: b };
}

/** hx and h_n: (D * num_layers, N, H), or (D * num_layers, H) for unbatched input, whatever batch_first is. */
export function stateShape(o: GruOptions, input: Tensor): number[] {
  const rows = (o.bidirectional ? 2 : 1) * o.num_layers;
  const { batched, batch } = inputSizes(o, input);
  return batched ? [rows, batch, o.hidden_size] : [rows, o.hidden_size];
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const fmt = (shape: number[]) => `[${shape.join(', ')}]`;

/** Forward checks in PyTorch's order. */
export const FORWARD_CHECKS: Check<ForwardCall>[] = [
  {
    clause: 'gru.err.input-rank',
    rejects: ({ input }) =>
      input.shape.length === 2 || input.shape.length === 3 ? undefined : `input ${fmt(input.shape)}`,
  },
  {
    clause: 'gru.err.hx-rank',
    rejects: ({ input, hx }) =>
      hx === null || hx.shape.length === input.shape.length ? undefined : `hx ${fmt(hx.shape)}`,
  },
  {
    clause: 'gru.err.input-dtype',
    rejects: ({ input, dtype }) =>
      input.dtype === dtype ? undefined : `input ${input.dtype}, params ${dtype}`,
  },
  {
    clause: 'gru.err.input-features',
    rejects: ({ o, input }) =>
      input.shape.at(-1) === o.input_size
        ? undefined
        : `input ${fmt(input.shape)}, input_size ${o.input_size}`,
  },
  {
    clause: 'gru.err.hx-shape',
    rejects: ({ o, input, hx }) => {
      const want = stateShape(o, input);
      return hx === null || sameShape(hx.shape, want) ? undefined : `hx ${fmt(hx.shape)}, want ${fmt(want)}`;
    },
  },
  {
    clause: 'gru.err.hx-dtype',
    rejects: ({ input, hx }) =>
      hx === null || hx.dtype === input.dtype ? undefined : `hx ${hx.dtype}, input ${input.dtype}`,
  },
  {
    clause: 'gru.err.seq-len-zero',
    rejects: ({ o, input }) => (inputSizes(o, input).steps > 0 ? undefined : `input ${fmt(input.shape)}`),
  },
];

/** Throws an Error tagged with the clause of the first check that rejects the call (as spec/protocol.md asks). */
export function runChecks<C>(checks: Check<C>[], call: C): void {
  for (const check of checks) {
    const why = check.rejects(call);
    if (why !== undefined) throw rejection(check.clause, why);
  }
}

/** An Error tagged with the clause the call breaks, as spec/protocol.md asks of a rejection. */
function rejection(clause: string, why: string): Error {
  return Object.assign(new Error(`${clause}: ${why}`), { clause });
}

/** Every parameter of the module with its shape, layer by layer, forward direction first. */
export function parameterList(o: GruOptions): [string, number[]][] {
  const D = o.bidirectional ? 2 : 1;
  const H = o.hidden_size;
  const list: [string, number[]][] = [];
  for (let layer = 0; layer < o.num_layers; layer++) {
    for (let d = 0; d < D; d++) {
      const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
      list.push([`weight_ih${suffix}`, [3 * H, layer === 0 ? o.input_size : D * H]]);
      list.push([`weight_hh${suffix}`, [3 * H, H]]);
      if (o.bias) list.push([`bias_ih${suffix}`, [3 * H]], [`bias_hh${suffix}`, [3 * H]]);
    }
  }
  return list;
}

/** The state_dict's dtype; rejects missing, misshapen or mixed-dtype parameters, and extra ones when strict. */
export function checkParameters(o: GruOptions, params: GruParameters, strict = true): DType {
  const list = parameterList(o);
  for (const [name, shape] of list) {
    const p = params[name];
    if (p === undefined) throw rejection('gru.param.names', `missing ${name}`);
    if (!sameShape(p.shape, shape)) throw rejection('gru.param.shapes', `${name} ${fmt(p.shape)}`);
  }
  const extra = Object.keys(params).filter((name) => !list.some(([n]) => n === name));
  if (strict && extra.length > 0) throw rejection('gru.param.names', `unexpected ${extra.join(', ')}`);
  const dtypes = new Set(list.map(([name]) => params[name].dtype));
  if (dtypes.size !== 1) throw rejection('gru.param.names', `mixed dtypes ${[...dtypes].join(', ')}`);
  return params[list[0][0]].dtype;
}
