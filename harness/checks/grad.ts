// The grad family (capability `backward`): torch autograd's goldens, then gradients against the oracle on generated calls, then the relations
// the chain rule gives without an oracle.
import { GRAD_NUMERIC_CHECKS } from './grad-numeric.js';
import { GRAD_RELATION_CHECKS } from './grad-relations.js';
import type { Check } from './types.js';

export { gradGoldenChecks } from './grad-goldens.js';

/** The grad family's seeded checks, in the order they run. */
export const GRAD_PROPERTY_CHECKS: readonly Check[] = [...GRAD_NUMERIC_CHECKS, ...GRAD_RELATION_CHECKS];
