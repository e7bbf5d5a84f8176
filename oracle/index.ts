// The reference oracle for torch.nn.GRU: plain scalar float64 loops, one equation a line.
export { sigmoid, tanh } from './activations.js';
export { GruSpecError } from './errors.js';
export { type GruGradients, type GruUpstream, gruBackward } from './gru-backward.js';
export {
  cellParameterShapes,
  type GruCellKwargs,
  type GruCellOptions,
  gruCellForward,
  resolveCellKwargs,
} from './gru-cell.js';
export { type GruForwardOptions, type GruResult, gruForward } from './gru-forward.js';
export { gruPackedForward, type PackedSequence, packPadded, padPacked } from './gru-packed.js';
export { GRU_DEFAULTS, type GruKwargs, type GruOptions, resolveKwargs } from './kwargs.js';
export {
  type GruParameters,
  layerInputSize,
  numDirections,
  parameterShapes,
  parameterSuffix,
  stateRows,
} from './parameters.js';
export { DTYPES, type DType, formatShape, numel, type Tensor, tensor } from './tensor.js';
