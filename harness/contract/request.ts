// The call an implementation under test receives: nn.GRU(**kwargs) with a state_dict, then forward(input, hx).
import type { DType, GruKwargs, GruParameters, Tensor } from '../../oracle/index.js';

/**
 * A PackedSequence's three index tensors (capability `packed`); its data is the request's `input`, rows by time,
 * then by sorted position (gru.packed.pack).
 */
export interface PackedFields {
  /** batch_sizes[t]: how many sequences are longer than t (non-increasing, batch_sizes[0] = B). */
  batchSizes: number[];
  /** The caller's batch positions by decreasing length; null when enforce_sorted=True packed them. */
  sortedIndices: number[] | null;
  /** The inverse of sortedIndices; null with it. */
  unsortedIndices: number[] | null;
}

/** The lengths of a padded input (capability `sequenceLengths`), as pack_padded_sequence takes them. */
export interface SequenceLengths {
  /** One per batch element, in the caller's batch order. */
  lengths: number[];
  /** pack_padded_sequence's enforce_sorted: the lengths must be non-increasing (gru.packed.err-unsorted). */
  enforceSorted: boolean;
}

export interface GruRequest {
  /** Constructor kwargs as a caller passes them; omitted optional ones test the defaults. */
  kwargs: GruKwargs;
  /** The module's dtype, which is the parameters' dtype. */
  dtype: DType;
  /** The state_dict, keyed by PyTorch's names. */
  parameters: GruParameters;
  input: Tensor;
  /** Omitted (undefined or null) means forward(input) without hx. */
  hx?: Tensor | null;
  /**
   * Training mode with explicit dropout masks (capability `trainMasks` only): one per layer boundary, time-major
   * [L, N, D * H], values 0 or 1 / (1 - dropout). Omitted: eval mode.
   */
  dropoutMasks?: Tensor[];
  /**
   * Capability `packed` only: the input is a PackedSequence. `input` is its data (sum(lengths), input_size), these
   * are its other three tensors, and hx (if given) is (D * num_layers, B, H) in the caller's batch order. The
   * answer's output is the packed output's data (sum(lengths), D * H), rows in the input's order; h_n is
   * (D * num_layers, B, H) in the caller's order. batch_first does not apply to packed data.
   */
  packed?: PackedFields;
  /**
   * Capability `sequenceLengths` only: `input` is padded, (T, B, input_size) or (B, T, input_size) with batch_first,
   * and the call is pack_padded_sequence(input, lengths, batch_first, enforce_sorted), nn.GRU, then
   * pad_packed_sequence(output, batch_first, total_length=T): the output has the input's layout and T steps,
   * zero from each sequence's length on; h_n and hx as with `packed`.
   */
  sequenceLengths?: SequenceLengths;
}

/** What an implementation returns for an accepted call. */
export interface GruResponse {
  output: Tensor;
  h_n: Tensor;
}
