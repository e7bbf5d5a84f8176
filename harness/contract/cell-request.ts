// The call a cell implementation receives (capability `cell`): nn.GRUCell(**kwargs) with a state_dict, then
// cell(input, hx). A request of its own, beside GruRequest: the cell has its own signature, shapes and errors.
import {
  type DType,
  type GruCellKwargs,
  type GruParameters,
  resolveCellKwargs,
  type Tensor,
} from '../../oracle/index.js';
import type { GruRequest } from './request.js';

export interface GruCellRequest {
  /** Constructor kwargs as a caller passes them to nn.GRUCell; an omitted bias tests its default (True). */
  kwargs: GruCellKwargs;
  /** The cell's dtype, which is the parameters' dtype. */
  dtype: DType;
  /** The state_dict: weight_ih, weight_hh, and bias_ih, bias_hh when bias is true (gru.cell.param-names). */
  parameters: GruParameters;
  /** (N, input_size), or (input_size) unbatched. */
  input: Tensor;
  /** (N, hidden_size), or (hidden_size) unbatched; omitted (undefined or null) means cell(input) without hx. */
  hx?: Tensor | null;
}

/** What a cell returns for an accepted call: h', (N, hidden_size) or (hidden_size) unbatched. */
export interface GruCellResponse {
  h: Tensor;
}

/**
 * The one-layer, one-step nn.GRU call a valid cell call is (gru.cell.step): input (1, N, I) or (1, I), hx
 * (1, N, H) or (1, H), the parameters under the layer's names. Its h_n holds h' in the same order.
 */
export function cellAsGruRequest(r: GruCellRequest): GruRequest {
  const { input_size, hidden_size, bias } = resolveCellKwargs(r.kwargs);
  const parameters = Object.fromEntries(Object.entries(r.parameters).map(([k, v]) => [`${k}_l0`, v]));
  return {
    kwargs: { input_size, hidden_size, bias },
    dtype: r.dtype,
    parameters,
    input: { ...r.input, shape: [1, ...r.input.shape] },
    hx: r.hx == null ? null : { ...r.hx, shape: [1, ...r.hx.shape] },
  };
}
