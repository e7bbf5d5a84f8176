// Gradient cases (capability `backward`): an nn.GRU case, which upstream gradients flow in, and whether the call
// runs in training mode with explicit dropout masks. Built to satisfy the constraints, not filtered.
import fc from 'fast-check';
import {
  type DType,
  numDirections,
  resolveKwargs,
  rounderOf,
  type Tensor,
  tensor,
} from '../../oracle/index.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import { hasCapability, type Implementation } from '../contract/implementation.js';
import { mulberry32, uniformValues } from '../random.js';
import {
  type CaseBounds,
  caseHxShape,
  caseInputShape,
  caseKwargs,
  caseRequest,
  type GruCase,
  gruCaseArb,
  SMALL_CASE,
} from './gru-case.js';

/** Which of output and h_n receive an upstream gradient (the other gets null, meaning zeros). */
export type UpstreamKind = 'output' | 'h_n' | 'both';

export interface GradCase extends GruCase {
  upstream: UpstreamKind;
  /** Training mode with dropout masks drawn from the seed (only with dropout > 0 and more than one layer). */
  train: boolean;
}

/** A small, valid, fully specified gradient case (override what matters). */
export const SMALL_GRAD_CASE: GradCase = { ...SMALL_CASE, upstream: 'both', train: false };

/**
 * Gradient cases over the GRU's case space (sizes kept small: a backward costs a few forwards); training mode only
 * for an implementation that computes it (`train`: capability trainMasks).
 */
export function gradCaseArb(bounds: Partial<CaseBounds> = {}, train = false): fc.Arbitrary<GradCase> {
  return fc
    .record({
      gru: gruCaseArb({ maxLayers: 3, longSteps: 40, ...bounds }),
      upstream: fc.constantFrom<UpstreamKind>('both', 'output', 'h_n'),
      train: train ? fc.boolean() : fc.constant(false),
    })
    .map(({ gru, upstream, train }) => ({ ...gru, upstream, train }));
}

/** The output's shape: (L, N, D*H), (N, L, D*H) batch_first, or (L, D*H) unbatched. */
export function caseOutputShape(c: GruCase): number[] {
  const width = numDirections(resolveKwargs(caseKwargs(c)).options) * c.hidden_size;
  return caseInputShape({ ...c, input_size: width });
}

/** Whether an implementation can be sent training-mode cases (it declares trainMasks). */
export const canTrain = (impl: Implementation): boolean => hasCapability(impl, 'trainMasks');

/** Whether the case runs in training mode: asked for, and with masks to apply (dropout > 0, two layers or more). */
export const isTraining = (c: GradCase): boolean => c.train && c.dropout > 0 && c.num_layers > 1;

/** Masks as dropout draws them: keep with probability 1 - p, kept values 1 / (1 - p); all 0 when p = 1. */
export function gradDropoutMasks(c: GradCase): Tensor[] {
  const next = mulberry32(c.seed ^ 0x3d3d);
  const shape = [c.steps, c.batched ? c.batch : 1, (c.bidirectional ? 2 : 1) * c.hidden_size];
  const n = shape.reduce((a, b) => a * b, 1);
  const keep = c.dropout >= 1 ? 0 : 1 / (1 - c.dropout);
  return Array.from({ length: c.num_layers - 1 }, () =>
    tensor(
      c.dtype,
      shape,
      Float64Array.from({ length: n }, () => (next() < c.dropout ? 0 : keep)),
    ),
  );
}

/** Upstream values: uniform in [-1, 1), rounded to the dtype, from their own stream of the seed. */
function upstreamTensor(dtype: DType, shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(dtype, shape, uniformValues(mulberry32(seed), n, 1, rounderOf(dtype)));
}

/** The request: the case's forward call (with masks in training mode) and its upstream gradients. */
export function gradRequest(c: GradCase): GruBackwardRequest {
  const r = caseRequest(c);
  const upstream = {
    output: c.upstream === 'h_n' ? null : upstreamTensor(c.dtype, caseOutputShape(c), c.seed ^ 0x0a0a),
    h_n: c.upstream === 'output' ? null : upstreamTensor(c.dtype, caseHxShape(c), c.seed ^ 0x0b0b),
  };
  return { ...r, ...(isTraining(c) ? { dropoutMasks: gradDropoutMasks(c) } : {}), upstream };
}
