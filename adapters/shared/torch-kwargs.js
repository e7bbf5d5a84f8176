// nn.GRU's constructor checks, in PyTorch's order, and its defaults: the glue a backend without them needs.
// Also the state_dict contract (names and shapes) that load_state_dict(strict=True) enforces.
import { reject } from './reject.js';

/** @typedef {{I: number, H: number, layers: number, bias: boolean, batchFirst: boolean, D: 1 | 2}} GruOptions */

const ACCEPTED = ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout'];
const SIGNATURE = new Set([...ACCEPTED, 'bidirectional', 'device', 'dtype']);

const pyInt = (v) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
const pyTruthy = (v) => (v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v));
const given = (kwargs, name, fallback) => (Object.hasOwn(kwargs, name) ? kwargs[name] : fallback);

function size(kwargs, name, slug) {
  const v = kwargs[name];
  if (!pyInt(v)) reject(`gru.err.${slug}-type`, `${name} should be an int, got ${JSON.stringify(v)}`);
  if (Number(v) <= 0) reject(`gru.err.${slug}-range`, `${name} must be greater than zero, got ${Number(v)}`);
  return Number(v);
}

function flag(kwargs, name, slug, fallback) {
  const v = given(kwargs, name, fallback);
  if (typeof v !== 'boolean')
    reject(`gru.err.${slug}-type`, `${name} should be a bool, got ${JSON.stringify(v)}`);
  return v;
}

/** @param {Record<string, unknown>} kwargs @returns {GruOptions} */
export function gruOptions(kwargs) {
  if (Object.hasOwn(kwargs, 'proj_size')) reject('gru.err.proj-size', 'proj_size is only supported for LSTM');
  const unknown = Object.keys(kwargs).find((k) => !SIGNATURE.has(k));
  if (unknown !== undefined) reject('gru.err.unknown-kwarg', `unexpected keyword argument '${unknown}'`);
  const dropout = given(kwargs, 'dropout', 0);
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
    reject('gru.err.dropout-range', `dropout must be a number in [0, 1], got ${JSON.stringify(dropout)}`);
  }
  const bias = flag(kwargs, 'bias', 'bias', true);
  const batchFirst = flag(kwargs, 'batch_first', 'batch-first', false);
  const [I, H] = [size(kwargs, 'input_size', 'input-size'), size(kwargs, 'hidden_size', 'hidden-size')];
  const layers = given(kwargs, 'num_layers', 1);
  // PyTorch compares num_layers with 0 before it checks the type
  if (['number', 'boolean'].includes(typeof layers) && Number(layers) <= 0) {
    reject('gru.err.num-layers-range', `num_layers must be greater than zero, got ${Number(layers)}`);
  }
  if (!pyInt(layers))
    reject('gru.err.num-layers-type', `num_layers should be an int, got ${JSON.stringify(layers)}`);
  const D = pyTruthy(given(kwargs, 'bidirectional', false)) ? 2 : 1;
  return { I, H, layers: Number(layers), bias, batchFirst, D };
}

/** The state_dict key of a parameter of layer l, direction d. */
export const paramName = (name, l, d) => `${name}_l${l}${d === 1 ? '_reverse' : ''}`;

/** @param {GruOptions} o @returns {Map<string, number[]>} every parameter's name and shape */
export function parameterShapes(o) {
  const shapes = new Map();
  for (let l = 0; l < o.layers; l++) {
    for (let d = 0; d < o.D; d++) {
      shapes.set(paramName('weight_ih', l, d), [3 * o.H, l === 0 ? o.I : o.D * o.H]);
      shapes.set(paramName('weight_hh', l, d), [3 * o.H, o.H]);
      if (o.bias) for (const b of ['bias_ih', 'bias_hh']) shapes.set(paramName(b, l, d), [3 * o.H]);
    }
  }
  return shapes;
}

/** Exactly the expected names, each with its shape. */
export function checkParameters(o, parameters) {
  const shapes = parameterShapes(o);
  const names = Object.keys(parameters);
  const stray = names.find((n) => !shapes.has(n));
  const missing = [...shapes.keys()].find((n) => !Object.hasOwn(parameters, n));
  if (stray !== undefined || missing !== undefined) {
    reject('gru.param.names', `unexpected parameter ${stray ?? '-'}, missing ${missing ?? '-'}`);
  }
  for (const [name, shape] of shapes) {
    if (String(parameters[name].shape) !== String(shape)) {
      reject('gru.param.shapes', `${name} must have shape [${shape}], got [${parameters[name].shape}]`);
    }
  }
}
