// The call an implementation under test receives: nn.GRU(**kwargs) with a state_dict, then forward(input, hx).
import type { DType, GruKwargs, GruParameters, Tensor } from '../../oracle/index.js';

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
}

/** What an implementation returns for an accepted call. */
export interface GruResponse {
  output: Tensor;
  h_n: Tensor;
}
