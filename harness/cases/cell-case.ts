// fast-check arbitraries for nn.GRUCell calls (capability `cell`), built to satisfy the constraints rather than
// filtered. Sizes are small most often, and otherwise sit at the widths where kernels change code path (a
// vector or tile of 8, 16, 32 or 64 and one past or short of it).
import fc from 'fast-check';
import {
  cellParameterShapes,
  type DType,
  type GruCellKwargs,
  rounderOf,
  tensor,
} from '../../oracle/index.js';
import type { GruCellRequest } from '../contract/cell-request.js';
import { mulberry32, uniformValues } from '../random.js';
import { LARGEST_INPUT_SCALE } from './gru-case.js';

export interface CellCase {
  input_size: number;
  hidden_size: number;
  bias: boolean;
  /** Leave the bias kwarg out (its default, True, is then what the call tests); only when bias is true. */
  omitBias: boolean;
  /** Rows N of a batched call; an unbatched call has one row and no batch dimension. */
  batch: number;
  batched: boolean;
  hxGiven: boolean;
  dtype: DType;
  /** Input and hx values are uniform in [-inputScale, inputScale) (hx at most 1). */
  inputScale: number;
  /** Parameters are uniform in [-paramScale / sqrt(H), paramScale / sqrt(H)). */
  paramScale: number;
  seed: number;
}

/** A small, valid, fully specified cell call: the base of fixed probes (override what matters). */
export const SMALL_CELL: CellCase = {
  input_size: 3,
  hidden_size: 4,
  bias: true,
  omitBias: false,
  batch: 3,
  batched: true,
  hxGiven: true,
  dtype: 'float64',
  inputScale: 1,
  paramScale: 1,
  seed: 1,
};

/** Widths at which vectorised kernels change path: 8, 16, 32, 64 and their neighbours. */
export const CELL_WIDTHS = [7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65] as const;

const width = fc.oneof(
  { withCrossShrink: true },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom(...CELL_WIDTHS) },
);

const batchArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 8, 9, 16, 17, 33) },
);

const inputScaleArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 8, arbitrary: fc.constant(1) },
  { weight: 4, arbitrary: fc.constantFrom(1e-6, 0.1, 3, 30) },
  { weight: 2, arbitrary: fc.constantFrom(1e3, 1e8) },
);

export function cellCaseArb(dtypes: readonly DType[]): fc.Arbitrary<CellCase> {
  return fc.record({
    input_size: width,
    hidden_size: width,
    bias: fc.boolean(),
    omitBias: fc.boolean(),
    batch: batchArb,
    batched: fc.oneof(
      { withCrossShrink: true },
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    hxGiven: fc.boolean(),
    dtype: fc.constantFrom(...dtypes),
    inputScale: inputScaleArb,
    paramScale: fc.constantFrom(1, 1, 1, 3),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  });
}

/** The kwargs a caller would pass: bias left out when the case says so and it is the default. */
export function cellKwargs(c: CellCase): GruCellKwargs {
  const sizes = { input_size: c.input_size, hidden_size: c.hidden_size };
  return c.omitBias && c.bias ? sizes : { ...sizes, bias: c.bias };
}

export const cellInputShape = (c: CellCase): number[] =>
  c.batched ? [c.batch, c.input_size] : [c.input_size];
export const cellHxShape = (c: CellCase): number[] =>
  c.batched ? [c.batch, c.hidden_size] : [c.hidden_size];

/**
 * Builds the request: parameters, input and hx drawn from the case's seed, each value rounded to its dtype; float16
 * inputs are drawn within LARGEST_INPUT_SCALE, as the GRU's are (a scale of 1e8 there would be all infinities).
 */
export function cellCaseRequest(c: CellCase): GruCellRequest {
  const next = mulberry32(c.seed);
  const round = rounderOf(c.dtype);
  const inputScale = Math.min(c.inputScale, LARGEST_INPUT_SCALE[c.dtype]);
  const draw = (shape: number[], scale: number) =>
    tensor(
      c.dtype,
      shape,
      uniformValues(
        next,
        shape.reduce((a, b) => a * b, 1),
        scale,
        round,
      ),
    );
  const k = c.paramScale / Math.sqrt(c.hidden_size);
  const options = { input_size: c.input_size, hidden_size: c.hidden_size, bias: c.bias };
  const parameters: GruCellRequest['parameters'] = {};
  for (const [name, shape] of cellParameterShapes(options)) parameters[name] = draw(shape, k);
  const input = draw(cellInputShape(c), inputScale);
  const hx = c.hxGiven ? draw(cellHxShape(c), Math.min(inputScale, 1)) : undefined;
  return { kwargs: cellKwargs(c), dtype: c.dtype, parameters, input, hx };
}
