// The contract an implementation under test fulfils, in process or behind the subprocess protocol.
import type { DType } from '../../oracle/index.js';
import type { GruBackwardRequest, GruBackwardResponse } from './backward-request.js';
import type { GruCellRequest, GruCellResponse } from './cell-request.js';
import type { GruRequest, GruResponse } from './request.js';

/**
 * The dtypes an implementation that does not declare `capabilities.dtypes` is asked for: float32 and float64.
 * float16 and bfloat16 are requested only of implementations that declare them (gru.dtype.half-formats).
 */
export const UNDECLARED_DTYPES: readonly DType[] = ['float32', 'float64'];

export interface Capabilities {
  /** The implementation can initialise its own parameters (checked against gru.init.uniform). */
  init?: boolean;
  /** It computes training mode from explicit dropout masks (GruRequest.dropoutMasks; gru.dropout.between-layers). */
  trainMasks?: boolean;
  /** It computes nn.GRUCell too, through forwardCell(request) (the cell family; gru.cell.*). */
  cell?: boolean;
  /** It takes a PackedSequence's four tensors (GruRequest.packed; gru.packed.*). */
  packed?: boolean;
  /** It takes a padded input with each sequence's length (GruRequest.sequenceLengths; gru.packed.*). */
  sequenceLengths?: boolean;
  /** It computes gradients too, through backward(request) (the grad family; gru.grad.*). */
  backward?: boolean;
  /** dtypes it computes; requests in other dtypes are skipped. Default: UNDECLARED_DTYPES (float32, float64). */
  dtypes?: DType[];
}

/** Parameters the implementation initialised itself, keyed by PyTorch's state_dict names. */
export interface InitRequest {
  kwargs: GruRequest['kwargs'];
  dtype: GruRequest['dtype'];
  seed: number;
}

export interface Implementation {
  name: string;
  version?: string;
  capabilities?: Capabilities;
  /** Computes nn.GRU(**kwargs) with the given state_dict on input and hx; throws to reject the call. */
  forward(request: GruRequest): GruResponse | Promise<GruResponse>;
  /** Only with capabilities.init: a fresh module's state_dict. */
  init?(request: InitRequest): GruRequest['parameters'] | Promise<GruRequest['parameters']>;
  /** Only with capabilities.cell: computes nn.GRUCell(**kwargs) with the given state_dict on input and hx. */
  forwardCell?(request: GruCellRequest): GruCellResponse | Promise<GruCellResponse>;
  /** Only with capabilities.backward: the gradients of forward(request) for the request's upstream gradients. */
  backward?(request: GruBackwardRequest): GruBackwardResponse | Promise<GruBackwardResponse>;
  close?(): void | Promise<void>;
}

/** The optional capabilities a check can require. */
export type CapabilityName = 'init' | 'trainMasks' | 'cell' | 'packed' | 'sequenceLengths' | 'backward';

/** Whether the implementation declares the capability (and, for init, cell and backward, has the method it needs). */
export function hasCapability(impl: Implementation, capability: CapabilityName): boolean {
  if (!impl.capabilities?.[capability]) return false;
  if (capability === 'cell') return impl.forwardCell !== undefined;
  if (capability === 'backward') return impl.backward !== undefined;
  return capability !== 'init' || impl.init !== undefined;
}
