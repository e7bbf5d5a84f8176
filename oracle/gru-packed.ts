// nn.GRU on a PackedSequence (gru.packed.*). No equation is restated: each sequence runs alone through the
// oracle's nn.GRU, unbatched, with its own hx rows; this file only moves rows between layouts.
import { GruSpecError } from './errors.js';
import { type GruForwardOptions, gruForward } from './gru-forward.js';
import { type GruKwargs, resolveKwargs } from './kwargs.js';
import { type GruParameters, numDirections } from './parameters.js';
import { formatShape, type Tensor } from './tensor.js';

/** PyTorch's PackedSequence: rows of data by time, then by sorted position (gru.packed.pack). */
export interface PackedSequence {
  data: Tensor;
  batchSizes: number[];
  /** Batch positions by decreasing length; null when the caller's order already is (enforce_sorted=True). */
  sortedIndices: number[] | null;
  unsortedIndices: number[] | null;
}

/** The length of the sequence at each sorted position: how many times it appears in batch_sizes. */
function sortedLengths(batchSizes: number[]): number[] {
  const B = batchSizes[0] ?? 0;
  return Array.from({ length: B }, (_, j) => batchSizes.filter((n) => n > j).length);
}

/** gru.packed.output, gru.packed.h-n, gru.packed.batch-order, gru.packed.hx-order, gru.packed.reverse-start */
export function gruPackedForward(
  kwargs: GruKwargs,
  params: GruParameters,
  packed: PackedSequence,
  hx?: Tensor | null,
  mode: GruForwardOptions = {},
): { output: PackedSequence; h_n: Tensor } {
  const { options } = resolveKwargs(kwargs);
  const H = options.hidden_size;
  const rows = numDirections(options) * options.num_layers;
  const width = numDirections(options) * H;
  const I = packed.data.shape[1];
  const B = packed.batchSizes[0] ?? 0;
  const order = packed.sortedIndices ?? Array.from({ length: B }, (_, j) => j);
  if (hx != null && (hx.shape.length !== 3 || hx.shape[1] !== B))
    throw new GruSpecError(
      'gru.packed.err-hx-batch',
      `hx ${formatShape(hx.shape)} for ${B} packed sequences`,
    );
  // gru.err.hx-shape: the batch is right, the rows or the width are not
  if (hx != null && (hx.shape[0] !== rows || hx.shape[2] !== H))
    throw new GruSpecError(
      'gru.err.hx-shape',
      `Expected hidden size ${formatShape([rows, B, H])}, got ${formatShape(hx.shape)}`,
    );
  // Where row (t, j) of the packed data starts: batch_sizes[0] + ... + batch_sizes[t - 1] + j.
  const start: number[] = [0];
  for (const n of packed.batchSizes) start.push(start[start.length - 1] + n);
  const output = new Float64Array(packed.data.shape[0] * width);
  const hN = new Float64Array(rows * B * H);
  sortedLengths(packed.batchSizes).forEach((length, j) => {
    // gru.packed.hx-order: hx is in the caller's order; sorted position j is caller's sequence order[j]
    const b = order[j];
    const input = new Float64Array(length * I);
    for (let t = 0; t < length; t++)
      input.set(packed.data.data.subarray((start[t] + j) * I, (start[t] + j + 1) * I), t * I);
    let h0: Tensor | null = null;
    if (hx != null) {
      h0 = { dtype: hx.dtype, shape: [rows, H], data: new Float64Array(rows * H) };
      for (let r = 0; r < rows; r++)
        h0.data.set(hx.data.subarray((r * B + b) * H, (r * B + b + 1) * H), r * H);
    }
    // gru.packed.reverse-start: run alone, the reverse direction starts at this sequence's own last step
    const alone = gruForward(
      kwargs,
      params,
      { dtype: packed.data.dtype, shape: [length, I], data: input },
      h0,
      mode,
    );
    for (let t = 0; t < length; t++)
      output.set(alone.output.data.subarray(t * width, (t + 1) * width), (start[t] + j) * width);
    // gru.packed.batch-order: h_n rows in the caller's order
    for (let r = 0; r < rows; r++) hN.set(alone.h_n.data.subarray(r * H, (r + 1) * H), (r * B + b) * H);
  });
  return {
    output: {
      ...packed,
      data: { dtype: packed.data.dtype, shape: [packed.data.shape[0], width], data: output },
    },
    h_n: { dtype: packed.data.dtype, shape: [rows, B, H], data: hN },
  };
}

/**
 * gru.packed.pad-output: the padded form (max length, B, width), zeros past each length, caller's order.
 * gru.packed.pad-total-length: with totalLength T >= max length, (T, B, width), the steps past max length zero.
 */
export function padPacked(
  packed: PackedSequence,
  batchFirst: boolean,
  totalLength?: number,
): { padded: Tensor; lengths: number[] } {
  const B = packed.batchSizes[0] ?? 0;
  const steps = packed.batchSizes.length;
  if (totalLength !== undefined && totalLength < steps)
    throw new Error(`total_length ${totalLength} is below the longest sequence's length ${steps}`);
  const T = totalLength ?? steps;
  const W = packed.data.shape[1];
  const order = packed.sortedIndices ?? Array.from({ length: B }, (_, j) => j);
  const padded = new Float64Array(T * B * W);
  const lengths = new Array<number>(B).fill(0);
  let row = 0;
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < packed.batchSizes[t]; j++, row++) {
      const b = order[j];
      lengths[b] = t + 1;
      const at = batchFirst ? (b * T + t) * W : (t * B + b) * W;
      padded.set(packed.data.data.subarray(row * W, (row + 1) * W), at);
    }
  }
  const shape = batchFirst ? [B, T, W] : [T, B, W];
  return { padded: { dtype: packed.data.dtype, shape, data: padded }, lengths };
}

/**
 * gru.packed.pack: pack_padded_sequence(input, lengths, batch_first, enforce_sorted). Ties keep the caller's
 * order (any order of equal lengths packs a valid PackedSequence; PyTorch's own is recorded in the goldens).
 */
export function packPadded(
  input: Tensor,
  lengths: number[],
  batchFirst: boolean,
  enforceSorted: boolean,
): PackedSequence {
  const [T, B] = batchFirst ? [input.shape[1], input.shape[0]] : [input.shape[0], input.shape[1]];
  const I = input.shape[2];
  // gru.packed.err-zero-length: PyTorch looks at the last length (the smallest, once sorted) before the order
  const smallest = enforceSorted ? lengths[lengths.length - 1] : Math.min(...lengths);
  if (smallest <= 0)
    throw new GruSpecError('gru.packed.err-zero-length', `lengths [${lengths}] hold a length <= 0`);
  // gru.packed.err-unsorted
  if (enforceSorted && lengths.some((l, b) => b > 0 && l > lengths[b - 1]))
    throw new GruSpecError('gru.packed.err-unsorted', `lengths [${lengths}] are not in decreasing order`);
  const order = Array.from({ length: B }, (_, b) => b);
  if (!enforceSorted) order.sort((a, b) => lengths[b] - lengths[a] || a - b);
  const sortedLengths = order.map((b) => lengths[b]);
  const batchSizes: number[] = [];
  for (let t = 0; t < sortedLengths[0]; t++) batchSizes.push(sortedLengths.filter((l) => l > t).length);
  const data = new Float64Array(batchSizes.reduce((a, n) => a + n, 0) * I);
  let row = 0;
  for (let t = 0; t < batchSizes.length; t++) {
    for (let j = 0; j < batchSizes[t]; j++, row++) {
      const b = order[j];
      const at = batchFirst ? (b * T + t) * I : (t * B + b) * I;
      data.set(input.data.subarray(at, at + I), row * I);
    }
  }
  const unsorted = new Array<number>(B);
  order.forEach((b, j) => {
    unsorted[b] = j;
  });
  return {
    data: { dtype: input.dtype, shape: [row, I], data },
    batchSizes,
    sortedIndices: enforceSorted ? null : order,
    unsortedIndices: enforceSorted ? null : unsorted,
  };
}
