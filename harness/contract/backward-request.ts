// The call a gradient implementation receives (capability `backward`): the forward call of a GruRequest, then
// backpropagation of the given upstream gradients, as torch.autograd.backward([output, h_n], [g_output, g_h_n])
// does. A request of its own kind: the forward's fields, plus the upstream gradients.
import type { Tensor } from '../../oracle/index.js';
import type { GruRequest } from './request.js';

/** dL/d output (output's shape) and dL/d h_n (h_n's shape); absent or null means zeros. */
export interface GruUpstream {
  output?: Tensor | null;
  h_n?: Tensor | null;
}

/** A forward call (never packed nor with sequenceLengths) and the gradients flowing into its results. */
export type GruBackwardRequest = GruRequest & { upstream: GruUpstream };

/**
 * The gradients of the request's call: 'input', 'hx' (only when the request had hx) and every state_dict name of
 * the request's parameters, each with its tensor's shape and dtype.
 */
export interface GruBackwardResponse {
  gradients: Record<string, Tensor>;
}

/** The names a backward response must carry for a request, in a stable order. */
export function gradientNames(r: GruBackwardRequest): string[] {
  return ['input', ...(r.hx == null ? [] : ['hx']), ...Object.keys(r.parameters)];
}

/** The tensor each gradient has the shape of. */
export function gradientTarget(r: GruBackwardRequest, name: string): Tensor | undefined {
  if (name === 'input') return r.input;
  if (name === 'hx') return r.hx ?? undefined;
  return r.parameters[name];
}
