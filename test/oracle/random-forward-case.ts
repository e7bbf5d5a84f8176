// Seeded random nn.GRU calls of odd sizes, for test/oracle/bit-identical.test.ts: every option, every
// layout, and optionally non-finite, signed-zero and subnormal values in input, hx and parameters.
import { mulberry32, uniformValues } from '../../harness/random.js';
import {
  type DType,
  type GruForwardOptions,
  type GruKwargs,
  type GruParameters,
  parameterShapes,
  resolveKwargs,
  type Tensor,
  tensor,
} from '../../oracle/index.js';

export interface ForwardCase {
  label: string;
  kwargs: GruKwargs;
  params: GruParameters;
  input: Tensor;
  hx: Tensor | null;
  mode: GruForwardOptions;
}

export interface CaseSizes {
  batch: number; // 0 or more; ignored when unbatched
  hidden: number;
  input: number;
  steps: number;
}

/** Values that a plain sum treats specially: non-finite, signed zeros, subnormals, near-overflow. */
export const SPECIAL_VALUES = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  2.2250738585072e-308, // a subnormal just below the smallest normal
  -1e-310,
  1e300,
  -1e300,
];

/** Signed zeros: whether a sum of zero products is -0 or +0 depends on every addition in it. */
export const SIGNED_ZEROS = [-0, 0];

/** Choices to fix instead of drawing them. */
export interface CaseOverrides {
  batched?: boolean;
  bidirectional?: boolean;
  num_layers?: number;
  /** The values `specials` draws from (default SPECIAL_VALUES). */
  palette?: readonly number[];
}

/** A seeded case with the given sizes; `specials` is the chance that any one value is a special value. */
export function randomForwardCase(
  seed: number,
  sizes: CaseSizes,
  specials = 0,
  fixed: CaseOverrides = {},
): ForwardCase {
  const next = mulberry32(seed);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)];
  const kwargs = {
    input_size: sizes.input,
    hidden_size: sizes.hidden,
    num_layers: pick([1, 2, 3]),
    bias: next() < 0.75,
    batch_first: next() < 0.5,
    bidirectional: next() < 0.5,
    dropout: pick([0, 0, 0.25]),
  };
  if (fixed.bidirectional !== undefined) kwargs.bidirectional = fixed.bidirectional;
  if (fixed.num_layers !== undefined) kwargs.num_layers = fixed.num_layers;
  const { options } = resolveKwargs(kwargs);
  const dtype: DType = pick(['float64', 'float64', 'float32']);
  const batched = fixed.batched ?? next() < 0.85;
  const N = batched ? sizes.batch : 1;
  const L = sizes.steps;
  const D = kwargs.bidirectional ? 2 : 1;
  const scale = pick([1, 1, 1, 1e-3, 30]);
  const palette = fixed.palette ?? SPECIAL_VALUES;
  const values = (count: number, s: number) =>
    sprinkle(uniformValues(next, count, s), next, specials, palette);
  const params: GruParameters = {};
  for (const [name, shape] of parameterShapes(options)) {
    params[name] = tensor(dtype, shape, values(count(shape), 1 / Math.sqrt(sizes.hidden)));
  }
  const inputShape = !batched
    ? [L, sizes.input]
    : kwargs.batch_first
      ? [N, L, sizes.input]
      : [L, N, sizes.input];
  const input = tensor(dtype, inputShape, values(count(inputShape), scale));
  const hxShape = batched ? [D * kwargs.num_layers, N, sizes.hidden] : [D * kwargs.num_layers, sizes.hidden];
  const hx = next() < 0.6 ? tensor(dtype, hxShape, values(count(hxShape), 1)) : null;
  const training = kwargs.dropout > 0 && kwargs.num_layers > 1 && next() < 0.7;
  const mode = training
    ? { training, dropoutMasks: masks(next, kwargs.num_layers - 1, [L, N, D * sizes.hidden], kwargs.dropout) }
    : {};
  const label = `seed ${seed}, ${JSON.stringify(kwargs)}, ${batched ? `batch ${N}` : 'unbatched'}, steps ${L}, hx ${hx !== null}, ${training ? 'training' : 'eval'}, specials ${specials}`;
  return { label, kwargs, params, input, hx, mode };
}

function count(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Replaces each value by one of the palette's with probability `chance`. */
function sprinkle(
  values: Float64Array,
  next: () => number,
  chance: number,
  palette: readonly number[],
): Float64Array {
  for (let i = 0; i < values.length; i++) {
    if (next() < chance) values[i] = palette[Math.floor(next() * palette.length)];
  }
  return values;
}

/** Dropout masks: each value 0 or 1 / (1 - p). */
function masks(next: () => number, n: number, shape: number[], p: number): Tensor[] {
  return Array.from({ length: n }, () =>
    tensor(
      'float64',
      shape,
      Float64Array.from({ length: count(shape) }, () => (next() < p ? 0 : 1 / (1 - p))),
    ),
  );
}
