// pack_padded_sequence's checks on a padded input's lengths, in PyTorch's order, and the packed batch's hx check:
// the glue a backend that takes per-sequence lengths (ONNX's sequence_lens) needs to behave as nn.GRU does.
import { reject } from './reject.js';

/**
 * @param {{lengths: number[], enforceSorted: boolean}} sequenceLengths
 * @param {number} T the padded length @param {number} N the batch
 * @param {{shape: number[]} | null | undefined} hx
 * @returns {number[]} the lengths
 */
export function torchLengths({ lengths, enforceSorted }, T, N, hx) {
  if (lengths.length !== N) throw new Error(`${lengths.length} lengths for a batch of ${N}`);
  // torch looks at the last length (the smallest once sorted) before it looks at the order
  if ((enforceSorted ? lengths[N - 1] : Math.min(...lengths)) <= 0)
    reject('gru.packed.err-zero-length', `lengths [${lengths}] hold a length <= 0`);
  if (enforceSorted && lengths.some((l, n) => n > 0 && l > lengths[n - 1]))
    reject(
      'gru.packed.err-unsorted',
      `lengths [${lengths}] are not in decreasing order (enforce_sorted=True)`,
    );
  if (lengths.some((l) => l > T)) throw new Error(`lengths [${lengths}]: one exceeds the padded length ${T}`);
  if (hx != null && (hx.shape.length !== 3 || hx.shape[1] !== N))
    reject('gru.packed.err-hx-batch', `hx [${hx.shape}] for ${N} sequences`);
  return lengths;
}
