// The known wrong GRU variants that real frameworks computed: the one vocabulary of the diagnosis, the faulty
// catalogue (test/faulty), the distinguishability of the goldens and the reports.
import { type DType, type GruOptions, stateRows } from '../../oracle/index.js';
import type { VariantSwitches } from './variant-gru.js';

/** What decides whether a variant can change a call's result at all. */
export interface CallFacts {
  options: GruOptions;
  batched: boolean;
  steps: number;
  batch: number;
  hxGiven: boolean;
  dtype: DType;
  /** The call's conditioning scale (spec/tolerance.md). */
  scale: number;
  /**
   * The allowance the call is judged with can resolve a change of 1e-3 on unit-scale data (the size of the
   * value variants' effects); past that (large magnitudes) only NaN, shapes and rejections show.
   */
  resolvesValues: boolean;
  /** The call saturates its gates (gru.num.saturation), so small moves of the input change nothing. */
  saturated: boolean;
}

export interface Variant {
  id: string;
  /** What it computes and where it is known from. */
  label: string;
  switches: VariantSwitches;
  /** Whether it can change the result of such a call at all (reverse-direction variants need D = 2, say). */
  applies: (c: CallFacts) => boolean;
}

/** A change of values shows only where there are values and the allowance can resolve it. */
const valuesShow = (c: CallFacts): boolean => c.batch > 0 && c.resolvesValues;

/** Variants of the cell equations: these also combine in pairs (tfjs: reset-before + hard sigmoid). */
export const EQUATION_VARIANTS = [
  {
    id: 'reset-before-matmul',
    label:
      'reset applied before the recurrent matmul, n = tanh(W_in x + W_hn (r * h) + b): ONNX linear_before_reset=0, Keras reset_after=False, tfjs',
    switches: { resetBefore: true },
    // W_hn (r * h) = r * (W_hn h) when H = 1; only b_hn tells the two apart then.
    applies: (c) => valuesShow(c) && (c.options.hidden_size > 1 || c.options.bias),
  },
  {
    id: 'b-hn-outside-reset',
    label: 'b_hn added outside the reset product (one merged bias): CoreML before iOS 18, fused-bias exports',
    switches: { bhnOutside: true },
    applies: (c) => valuesShow(c) && c.options.bias,
  },
  {
    id: 'gate-order-zrn',
    label: 'gate blocks read as z|r|n (the ONNX and Keras order) instead of PyTorch r|z|n',
    switches: { zrnOrder: true },
    applies: valuesShow,
  },
  {
    id: 'update-convention-swapped',
    label: "update convention swapped, h' = z * n + (1 - z) * h",
    switches: { zSwapped: true },
    applies: valuesShow,
  },
  {
    id: 'hard-sigmoid',
    label: 'hard sigmoid gates, clip(0.2 v + 0.5, 0, 1): Keras 2 and tfjs default recurrentActivation',
    switches: { hardSigmoid: true },
    applies: valuesShow,
  },
] as const satisfies readonly Variant[];

export const STRUCTURE_VARIANTS = [
  {
    id: 'overflowing-tanh',
    label: 'tanh computed as (e^v - e^-v) / (e^v + e^-v), NaN once |v| > 710',
    switches: { naiveTanh: true },
    // tanh(v) overflows only for |v| > 710, which a scale beyond 710 allows; a NaN shows at any allowance.
    applies: (c) => c.batch > 0 && c.scale > 710,
  },
  {
    id: 'no-recurrence',
    label: 'no recurrence: every step starts from h0 (burn before PR #2704)',
    switches: { noRecurrence: true },
    applies: (c) => valuesShow(c) && c.steps > 1,
  },
  {
    id: 'reverse-not-reversed',
    label: 'the reverse direction reads the sequence forwards',
    switches: { reverseNotReversed: true },
    applies: (c) => valuesShow(c) && c.options.bidirectional && c.steps > 1,
  },
  {
    id: 'reverse-not-realigned',
    label: 'reverse outputs left in processing order, not re-aligned in time (webnn#801, tfjs goBackwards)',
    switches: { reverseNotRealigned: true },
    applies: (c) => valuesShow(c) && c.options.bidirectional && c.steps > 1,
  },
  {
    id: 'h-n-direction-swapped',
    label: 'h_n rows of each layer hold the reverse direction before the forward one',
    switches: { hNDirectionSwapped: true },
    applies: (c) => valuesShow(c) && c.options.bidirectional,
  },
  {
    id: 'h-n-layer-reversed',
    label: 'h_n rows hold the last layer first',
    switches: { hNLayerReversed: true },
    applies: (c) => valuesShow(c) && c.options.num_layers > 1,
  },
  {
    id: 'hx-ignored',
    label: 'hx ignored: every layer and direction starts from zeros',
    switches: { hxIgnored: true },
    applies: (c) => valuesShow(c) && c.hxGiven,
  },
  {
    id: 'h-n-batch-first',
    label: 'h_n made batch-first when batch_first=True (pytorch#144116)',
    switches: { hNBatchFirst: true },
    // Transposing h_n (D * num_layers, N, H) changes its shape even when it has no values, and nothing when both
    // leading sizes are 1.
    applies: (c) =>
      c.options.batch_first &&
      c.batched &&
      (c.batch === 0 || (valuesShow(c) && (c.batch > 1 || stateRows(c.options) > 1))),
  },
  {
    id: 'rejects-empty-batch',
    label: 'a batch of 0 rejected (WebNN forbids zero-sized dimensions)',
    switches: { rejectEmptyBatch: true },
    applies: (c) => c.batch === 0,
  },
  {
    id: 'batch-first-ignored',
    label: 'batch_first ignored: (N, L, H_in) input read as (L, N, H_in)',
    switches: { batchFirstIgnored: true },
    applies: (c) => valuesShow(c) && c.options.batch_first && c.batched,
  },
  {
    id: 'reverse-forward-weights',
    label: "the reverse direction runs with the forward direction's weights (the _reverse parameters unused)",
    switches: { reverseForwardWeights: true },
    applies: (c) => valuesShow(c) && c.options.bidirectional,
  },
  {
    id: 'hx-direction-major',
    label: 'hx rows read direction-major (layer k, direction d from row d * num_layers + k)',
    switches: { hxDirectionMajor: true },
    // row d * NL + k is row k * D + d when D = 1 or NL = 1
    applies: (c) => valuesShow(c) && c.hxGiven && c.options.bidirectional && c.options.num_layers > 1,
  },
  {
    id: 'hx-batch-first',
    label:
      'hx read batch-first, as (N, D * num_layers, H), when batch_first=True (pytorch#4145); it is always (D * num_layers, N, H)',
    switches: { hxBatchFirst: true },
    // reading (rows, N, H) as (N, rows, H) changes nothing when either is 1
    applies: (c) =>
      valuesShow(c) &&
      c.hxGiven &&
      c.batched &&
      c.options.batch_first &&
      c.batch > 1 &&
      stateRows(c.options) > 1,
  },
  {
    id: 'hx-layer-0-every-layer',
    label: "every layer starts from layer 0's rows of hx",
    switches: { hxLayerZero: true },
    applies: (c) => valuesShow(c) && c.hxGiven && c.options.num_layers > 1,
  },
  {
    id: 'next-layer-reverse-first',
    label: 'the next layer is fed [reverse | forward] instead of [forward | reverse]',
    switches: { nextLayerReverseFirst: true },
    applies: (c) => valuesShow(c) && c.options.bidirectional && c.options.num_layers > 1,
  },
  {
    id: 'h-n-last-layer-repeated',
    label: "every layer's h_n rows hold the last layer's final states",
    switches: { hNLastLayerRepeated: true },
    applies: (c) => valuesShow(c) && c.options.num_layers > 1,
  },
  {
    id: 'inputs-rounded-to-float32',
    label: 'a float64 call computed on input and hx rounded to float32',
    switches: { inputsRoundedToFloat32: true },
    // saturated gates have no slope for a rounding of the input to move
    applies: (c) => valuesShow(c) && c.dtype === 'float64' && !c.saturated,
  },
] as const satisfies readonly Variant[];

/** Every known variant, by its id. */
export const KNOWN_VARIANTS: readonly Variant[] = [...EQUATION_VARIANTS, ...STRUCTURE_VARIANTS];
export type VariantId = (typeof EQUATION_VARIANTS)[number]['id'] | (typeof STRUCTURE_VARIANTS)[number]['id'];

/** Singles first, then pairs of equation variants. */
export function candidateVariants(): Variant[] {
  const pairs: Variant[] = [];
  EQUATION_VARIANTS.forEach((a, i) => {
    for (const b of EQUATION_VARIANTS.slice(i + 1)) {
      pairs.push({
        id: `${a.id}+${b.id}`,
        label: `${a.label}; and ${b.label}`,
        switches: { ...a.switches, ...b.switches },
        applies: (c) => a.applies(c) || b.applies(c),
      });
    }
  });
  return [...EQUATION_VARIANTS, ...STRUCTURE_VARIANTS, ...pairs];
}
