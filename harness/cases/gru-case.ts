// fast-check arbitraries for nn.GRU calls, built to satisfy the constraints rather than filtered.
// A case is a small record of sizes, options and a data seed; shrinking acts on the record.
import fc from 'fast-check';
import {
  type DType,
  type GruKwargs,
  parameterShapes,
  resolveKwargs,
  rounderOf,
  stateRows,
  tensor,
} from '../../oracle/index.js';
import type { GruRequest } from '../contract/request.js';
import { mulberry32, uniformValues } from '../random.js';

export interface GruCase {
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  bidirectional: boolean;
  /** Eval mode throughout, so any dropout must leave the result unchanged (gru.dropout.eval-identity). */
  dropout: number;
  steps: number;
  batch: number;
  batched: boolean;
  hxGiven: boolean;
  /** Omit every kwarg that equals its default, to exercise the defaults (gru.default.*). */
  omitDefaults: boolean;
  dtype: DType;
  /** Input and hx values are uniform in [-inputScale, inputScale). */
  inputScale: number;
  /** Parameters are uniform in [-paramScale / sqrt(H), paramScale / sqrt(H)). */
  paramScale: number;
  seed: number;
}

export interface CaseBounds {
  maxInputSize: number;
  maxHiddenSize: number;
  maxLayers: number;
  maxSteps: number;
  maxBatch: number;
  /** Also draw long sequences, up to this many steps (0: never). */
  longSteps: number;
  dtypes: readonly DType[];
}

export const DEFAULT_BOUNDS: CaseBounds = {
  maxInputSize: 6,
  maxHiddenSize: 6,
  maxLayers: 4,
  maxSteps: 8,
  maxBatch: 4,
  longSteps: 120,
  dtypes: ['float32', 'float64'],
};

/** A small, valid, fully specified case: the base of fixed probes and examples (override what matters). */
export const SMALL_CASE: GruCase = {
  input_size: 3,
  hidden_size: 4,
  num_layers: 1,
  bias: true,
  batch_first: false,
  bidirectional: false,
  dropout: 0,
  steps: 5,
  batch: 2,
  batched: true,
  hxGiven: true,
  omitDefaults: false,
  dtype: 'float64',
  inputScale: 1,
  paramScale: 1,
  seed: 1,
};

/** Magnitudes from tiny to gate-saturating; unit scale most often. */
const inputScaleArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 8, arbitrary: fc.constant(1) },
  { weight: 4, arbitrary: fc.constantFrom(1e-6, 0.1, 3, 30) },
  { weight: 2, arbitrary: fc.constantFrom(1e3, 1e8) },
);

export function gruCaseArb(bounds: Partial<CaseBounds> = {}): fc.Arbitrary<GruCase> {
  const b = { ...DEFAULT_BOUNDS, ...bounds };
  const steps =
    b.longSteps > b.maxSteps
      ? fc.oneof(
          { withCrossShrink: true },
          { weight: 12, arbitrary: fc.integer({ min: 1, max: b.maxSteps }) },
          { weight: 1, arbitrary: fc.integer({ min: b.maxSteps, max: b.longSteps }) },
        )
      : fc.integer({ min: 1, max: b.maxSteps });
  return fc.record({
    input_size: fc.integer({ min: 1, max: b.maxInputSize }),
    hidden_size: fc.integer({ min: 1, max: b.maxHiddenSize }),
    num_layers: fc.integer({ min: 1, max: b.maxLayers }),
    bias: fc.boolean(),
    batch_first: fc.boolean(),
    bidirectional: fc.boolean(),
    dropout: fc.oneof(
      { withCrossShrink: true },
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constantFrom(0.25, 0.5, 1) },
    ),
    steps,
    batch: fc.integer({ min: 1, max: b.maxBatch }),
    batched: fc.oneof(
      { withCrossShrink: true },
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    hxGiven: fc.boolean(),
    omitDefaults: fc.boolean(),
    dtype: fc.constantFrom(...b.dtypes),
    inputScale: inputScaleArb,
    paramScale: fc.constantFrom(1, 1, 1, 3),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  });
}

/** The kwargs a caller would pass for this case: all of them, or only those that differ from the defaults. */
export function caseKwargs(c: GruCase): GruKwargs {
  const all: GruKwargs = {
    input_size: c.input_size,
    hidden_size: c.hidden_size,
    num_layers: c.num_layers,
    bias: c.bias,
    batch_first: c.batch_first,
    dropout: c.dropout,
    bidirectional: c.bidirectional,
  };
  if (!c.omitDefaults) return all;
  const defaults: GruKwargs = {
    num_layers: 1,
    bias: true,
    batch_first: false,
    dropout: 0,
    bidirectional: false,
  };
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => defaults[k] !== v));
}

/** The input shape of a case: (L, N, I), (N, L, I) when batch_first, or (L, I) unbatched. */
export function caseInputShape(c: GruCase): number[] {
  if (!c.batched) return [c.steps, c.input_size];
  return c.batch_first ? [c.batch, c.steps, c.input_size] : [c.steps, c.batch, c.input_size];
}

export function caseHxShape(c: GruCase): number[] {
  const rows = stateRows(c);
  return c.batched ? [rows, c.batch, c.hidden_size] : [rows, c.hidden_size];
}

/**
 * The largest input magnitude drawn in each dtype. float16's largest finite value is 65504, so its inputs are
 * drawn up to 3e4 however large the case's inputScale is: a scale of 1e8 in float16 would be all infinities,
 * a call about non-finite inputs (numeric.infinity covers those) rather than one about large finite ones.
 */
export const LARGEST_INPUT_SCALE: Record<DType, number> = {
  float64: Number.POSITIVE_INFINITY,
  float32: Number.POSITIVE_INFINITY,
  float16: 3e4,
  bfloat16: Number.POSITIVE_INFINITY,
};

/** Builds the request: parameters, input and hx drawn from the case's seed, each value rounded to its dtype. */
export function caseRequest(c: GruCase): GruRequest {
  const next = mulberry32(c.seed);
  const round = rounderOf(c.dtype);
  const inputScale = Math.min(c.inputScale, LARGEST_INPUT_SCALE[c.dtype]);
  const { options } = resolveKwargs(caseKwargs(c));
  const k = c.paramScale / Math.sqrt(c.hidden_size);
  const parameters: GruRequest['parameters'] = {};
  for (const [name, shape] of parameterShapes(options)) {
    parameters[name] = tensor(
      c.dtype,
      shape,
      uniformValues(
        next,
        shape.reduce((a, b) => a * b, 1),
        k,
        round,
      ),
    );
  }
  const inShape = caseInputShape(c);
  const input = tensor(
    c.dtype,
    inShape,
    uniformValues(
      next,
      inShape.reduce((a, b) => a * b, 1),
      inputScale,
      round,
    ),
  );
  const hxShape = caseHxShape(c);
  const hx = c.hxGiven
    ? tensor(
        c.dtype,
        hxShape,
        uniformValues(
          next,
          hxShape.reduce((a, b) => a * b, 1),
          Math.min(inputScale, 1),
          round,
        ),
      )
    : undefined;
  return { kwargs: caseKwargs(c), dtype: c.dtype, parameters, input, hx };
}
