// The known wrong GRU variants that real frameworks computed, named for the diagnosis.
import type { VariantSwitches } from './variant-gru.js';

export interface Variant {
  id: string;
  /** What it computes and where it is known from. */
  label: string;
  switches: VariantSwitches;
}

/** Variants of the cell equations: these also combine in pairs (tfjs: reset-before + hard sigmoid). */
export const EQUATION_VARIANTS: Variant[] = [
  {
    id: 'reset-before-matmul',
    label:
      'reset applied before the recurrent matmul, n = tanh(W_in x + W_hn (r * h) + b): ONNX linear_before_reset=0, Keras reset_after=False, tfjs',
    switches: { resetBefore: true },
  },
  {
    id: 'b-hn-outside-reset',
    label: 'b_hn added outside the reset product (one merged bias): CoreML before iOS 18, fused-bias exports',
    switches: { bhnOutside: true },
  },
  {
    id: 'gate-order-zrn',
    label: 'gate blocks read as z|r|n (the ONNX and Keras order) instead of PyTorch r|z|n',
    switches: { zrnOrder: true },
  },
  {
    id: 'update-convention-swapped',
    label: "update convention swapped, h' = z * n + (1 - z) * h",
    switches: { zSwapped: true },
  },
  {
    id: 'hard-sigmoid',
    label: 'hard sigmoid gates, clip(0.2 v + 0.5, 0, 1): Keras 2 and tfjs default recurrentActivation',
    switches: { hardSigmoid: true },
  },
];

export const STRUCTURE_VARIANTS: Variant[] = [
  {
    id: 'overflowing-tanh',
    label: 'tanh computed as (e^v - e^-v) / (e^v + e^-v), NaN once |v| > 710',
    switches: { naiveTanh: true },
  },
  {
    id: 'no-recurrence',
    label: 'no recurrence: every step starts from h0 (burn before PR #2704)',
    switches: { noRecurrence: true },
  },
  {
    id: 'reverse-not-reversed',
    label: 'the reverse direction reads the sequence forwards',
    switches: { reverseNotReversed: true },
  },
  {
    id: 'reverse-not-realigned',
    label: 'reverse outputs left in processing order, not re-aligned in time (webnn#801, tfjs goBackwards)',
    switches: { reverseNotRealigned: true },
  },
  {
    id: 'h-n-direction-swapped',
    label: 'h_n rows of each layer hold the reverse direction before the forward one',
    switches: { hNDirectionSwapped: true },
  },
  {
    id: 'h-n-layer-reversed',
    label: 'h_n rows hold the last layer first',
    switches: { hNLayerReversed: true },
  },
  {
    id: 'hx-ignored',
    label: 'hx ignored: every layer and direction starts from zeros',
    switches: { hxIgnored: true },
  },
  {
    id: 'h-n-batch-first',
    label: 'h_n made batch-first when batch_first=True (pytorch#144116)',
    switches: { hNBatchFirst: true },
  },
  {
    id: 'rejects-empty-batch',
    label: 'a batch of 0 rejected (WebNN forbids zero-sized dimensions)',
    switches: { rejectEmptyBatch: true },
  },
  {
    id: 'batch-first-ignored',
    label: 'batch_first ignored: (N, L, H_in) input read as (L, N, H_in)',
    switches: { batchFirstIgnored: true },
  },
  {
    id: 'reverse-forward-weights',
    label: "the reverse direction runs with the forward direction's weights (the _reverse parameters unused)",
    switches: { reverseForwardWeights: true },
  },
  {
    id: 'hx-direction-major',
    label: 'hx rows read direction-major (layer k, direction d from row d * num_layers + k)',
    switches: { hxDirectionMajor: true },
  },
  {
    id: 'hx-batch-first',
    label:
      'hx read batch-first, as (N, D * num_layers, H), when batch_first=True (pytorch#4145); it is always (D * num_layers, N, H)',
    switches: { hxBatchFirst: true },
  },
  {
    id: 'hx-layer-0-every-layer',
    label: "every layer starts from layer 0's rows of hx",
    switches: { hxLayerZero: true },
  },
  {
    id: 'next-layer-reverse-first',
    label: 'the next layer is fed [reverse | forward] instead of [forward | reverse]',
    switches: { nextLayerReverseFirst: true },
  },
  {
    id: 'h-n-last-layer-repeated',
    label: "every layer's h_n rows hold the last layer's final states",
    switches: { hNLastLayerRepeated: true },
  },
  {
    id: 'inputs-rounded-to-float32',
    label: 'a float64 call computed on input and hx rounded to float32',
    switches: { inputsRoundedToFloat32: true },
  },
];

/** Singles first, then pairs of equation variants. */
export function candidateVariants(): Variant[] {
  const pairs: Variant[] = [];
  EQUATION_VARIANTS.forEach((a, i) => {
    for (const b of EQUATION_VARIANTS.slice(i + 1)) {
      pairs.push({
        id: `${a.id}+${b.id}`,
        label: `${a.label}; and ${b.label}`,
        switches: { ...a.switches, ...b.switches },
      });
    }
  });
  return [...EQUATION_VARIANTS, ...STRUCTURE_VARIANTS, ...pairs];
}
