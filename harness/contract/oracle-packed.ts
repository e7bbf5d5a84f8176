// The oracle's answer to a request with variable-length sequences (capabilities packed and sequenceLengths): the
// request's own form checked for being well-formed (a malformed one is a plain Error, not a clause: the suite never
// sends one), then oracle/gru-packed.ts.
import {
  gruPackedForward,
  type PackedSequence,
  packPadded,
  padPacked,
  resolveKwargs,
  type Tensor,
} from '../../oracle/index.js';
import type { GruRequest, GruResponse, PackedFields } from './request.js';

const show = (v: unknown) => JSON.stringify(v);

/** What is wrong with a PackedSequence's index lists for data of `rows` rows, or null. */
export function packedProblem(p: PackedFields, rows: number): string | null {
  const { batchSizes: sizes, sortedIndices: sorted, unsortedIndices: unsorted } = p;
  if (sizes.length === 0 || sizes.some((n, t) => n < 1 || (t > 0 && n > sizes[t - 1])))
    return `packed.batchSizes ${show(sizes)} must be positive and non-increasing`;
  const total = sizes.reduce((a, n) => a + n, 0);
  if (total !== rows) return `packed.batchSizes ${show(sizes)} add up to ${total}, the data has ${rows} rows`;
  if (sorted === null) return unsorted === null ? null : 'packed.unsortedIndices given without sortedIndices';
  const B = sizes[0];
  const isPermutation = (a: number[]) =>
    a.length === B && new Set(a).size === B && a.every((i) => i >= 0 && i < B);
  if (!isPermutation(sorted))
    return `packed.sortedIndices ${show(sorted)} is not a permutation of 0..${B - 1}`;
  if (unsorted === null || !sorted.every((b, j) => unsorted[b] === j))
    return `packed.unsortedIndices ${show(unsorted)} is not the inverse of sortedIndices ${show(sorted)}`;
  return null;
}

/** What is wrong with a padded input's lengths, or null: one per batch element, none past the padded length. */
export function lengthsProblem(input: Tensor, lengths: number[], batchFirst: boolean): string | null {
  if (input.shape.length !== 3) return `sequenceLengths needs a 3-D padded input, got [${input.shape}]`;
  const [T, B] = batchFirst ? [input.shape[1], input.shape[0]] : [input.shape[0], input.shape[1]];
  if (lengths.length !== B) return `sequenceLengths: ${lengths.length} lengths for a batch of ${B}`;
  // gru.packed.pack: a length past the padded input is undefined (PyTorch does not check it)
  if (lengths.some((l) => l > T)) return `sequenceLengths ${show(lengths)}: a length exceeds the padded ${T}`;
  return null;
}

/** The oracle's result for a packed or padded-with-lengths request (eval mode). */
export function oraclePackedResult(r: GruRequest): GruResponse {
  if (r.packed !== undefined && r.sequenceLengths !== undefined)
    throw new Error('a request carries packed or sequenceLengths, not both');
  if (r.dropoutMasks !== undefined) throw new Error('training mode is not defined for packed sequences');
  if (r.packed !== undefined) {
    const problem = packedProblem(r.packed, r.input.shape[0] ?? 0);
    if (r.input.shape.length !== 2 || problem !== null)
      throw new Error(problem ?? `packed data must be 2-D (rows, input_size), got [${r.input.shape}]`);
    const packed: PackedSequence = { data: r.input, ...r.packed };
    const { output, h_n } = gruPackedForward(r.kwargs, r.parameters, packed, r.hx);
    return { output: output.data, h_n };
  }
  const { lengths, enforceSorted } = r.sequenceLengths!;
  // the module is built first: a bad kwarg is its error, before packing looks at the lengths
  const batchFirst = resolveKwargs(r.kwargs).options.batch_first;
  const problem = lengthsProblem(r.input, lengths, batchFirst);
  if (problem !== null) throw new Error(problem);
  const packed = packPadded(r.input, lengths, batchFirst, enforceSorted);
  const { output, h_n } = gruPackedForward(r.kwargs, r.parameters, packed, r.hx);
  const T = r.input.shape[batchFirst ? 1 : 0];
  return { output: padPacked(output, batchFirst, T).padded, h_n };
}
