// Parameter names and shapes (gru.param.names, gru.param.shapes, gru.layer.input-width).
import { GruSpecError } from './errors.js';
import type { GruOptions } from './kwargs.js';
import { type DType, formatShape, sameShape, type Tensor } from './tensor.js';

export type GruParameters = Record<string, Tensor>;

/** D: the number of directions. */
export function numDirections(options: Pick<GruOptions, 'bidirectional'>): 1 | 2 {
  return options.bidirectional ? 2 : 1;
}

/** gru.shape.h-n: D * num_layers, the rows of hx and h_n. */
export function stateRows(options: Pick<GruOptions, 'bidirectional' | 'num_layers'>): number {
  return numDirections(options) * options.num_layers;
}

/** gru.layer.input-width: layer 0 takes input_size features, later layers D * hidden_size. */
export function layerInputSize(options: GruOptions, layer: number): number {
  return layer === 0 ? options.input_size : numDirections(options) * options.hidden_size;
}

/** '' for the forward direction, '_reverse' for the reverse one. */
export function directionSuffix(direction: number): string {
  return direction === 0 ? '' : '_reverse';
}

/** gru.param.names: the name suffix of layer k, direction d (weight_ih_l0, bias_hh_l1_reverse, ...). */
export function parameterSuffix(layer: number, direction: number): string {
  return `_l${layer}${directionSuffix(direction)}`;
}

/** gru.param.names and gru.param.shapes: every parameter in state_dict order, with its shape. */
export function parameterShapes(options: GruOptions): [name: string, shape: number[]][] {
  const h3 = 3 * options.hidden_size;
  const result: [string, number[]][] = [];
  for (let layer = 0; layer < options.num_layers; layer++) {
    for (let d = 0; d < numDirections(options); d++) {
      const s = parameterSuffix(layer, d);
      result.push([`weight_ih${s}`, [h3, layerInputSize(options, layer)]]);
      result.push([`weight_hh${s}`, [h3, options.hidden_size]]);
      if (options.bias) {
        result.push([`bias_ih${s}`, [h3]]);
        result.push([`bias_hh${s}`, [h3]]);
      }
    }
  }
  return result;
}

/** The parameters' dtype, after checking that every expected parameter is there with its shape. */
export function checkParameters(options: GruOptions, params: GruParameters): DType {
  const expected = parameterShapes(options);
  for (const [name, shape] of expected) {
    const p = params[name];
    if (p === undefined) throw new GruSpecError('gru.param.names', `missing parameter ${name}`, { name });
    if (!sameShape(p.shape, shape)) {
      throw new GruSpecError(
        'gru.param.shapes',
        `${name} must have shape ${formatShape(shape)}, got ${formatShape(p.shape)}`,
        { name, expected: shape, actual: p.shape },
      );
    }
  }
  const known = new Set(expected.map(([name]) => name));
  const extra = Object.keys(params).filter((name) => !known.has(name));
  if (extra.length > 0)
    throw new GruSpecError('gru.param.names', `unexpected parameters ${extra.join(', ')}`, { extra });
  const dtypes = new Set(expected.map(([name]) => params[name].dtype));
  if (dtypes.size !== 1) {
    throw new GruSpecError(
      'gru.param.names',
      `parameters must share one dtype, got ${[...dtypes].join(' and ')}`,
    );
  }
  return params[expected[0][0]].dtype;
}

/** One layer and direction's weights; biases are zeros when bias=False (gru.eq.no-bias). */
export interface DirectionWeights {
  wIh: Float64Array;
  wHh: Float64Array;
  bIh: Float64Array;
  bHh: Float64Array;
}

export function directionWeights(
  options: GruOptions,
  params: GruParameters,
  layer: number,
  d: number,
): DirectionWeights {
  const s = parameterSuffix(layer, d);
  const zeros = new Float64Array(3 * options.hidden_size);
  return {
    wIh: params[`weight_ih${s}`].data,
    wHh: params[`weight_hh${s}`].data,
    bIh: options.bias ? params[`bias_ih${s}`].data : zeros,
    bHh: options.bias ? params[`bias_hh${s}`].data : zeros,
  };
}
