// What every check of the grad family requires: the `backward` capability. Implementations without it skip the
// family, and a family skipped whole for a capability does not make a run incomplete.
import type { Requirement } from './types.js';

export const GRAD_REQUIREMENT: Requirement = {
  capability: 'backward',
  reason: 'gradient checks need the backward capability (backward(request))',
};
