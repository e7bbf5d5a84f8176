// The cell family (capability `cell`): nn.GRUCell's goldens, then the checks whose cases come from the seed:
// its numerics against the oracle, its relations (one of them to the implementation's own nn.GRU) and its
// invalid calls.
import { CELL_INVALID_CHECKS } from './cell-invalid.js';
import { CELL_NUMERIC_CHECKS } from './cell-numeric.js';
import { CELL_RELATION_CHECKS } from './cell-relations.js';
import type { Check } from './types.js';

export { cellGoldenChecks } from './cell-goldens.js';

/** The cell family's seeded checks, in the order they run. */
export const CELL_PROPERTY_CHECKS: readonly Check[] = [
  ...CELL_NUMERIC_CHECKS,
  ...CELL_RELATION_CHECKS,
  ...CELL_INVALID_CHECKS,
];
