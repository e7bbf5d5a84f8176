// What every check of the cell family requires: the `cell` capability. Implementations without it skip the
// family, and a family skipped whole for a capability does not make a run incomplete.
import type { Requirement } from './types.js';

export const CELL_REQUIREMENT: Requirement = {
  capability: 'cell',
  reason: 'nn.GRUCell checks need the cell capability (forwardCell)',
};

/** The cell family judges the cell's own clauses; a golden's other citations stay in its file. */
export const cellClauses = (clauses: string[]): string[] => clauses.filter((c) => c.startsWith('gru.cell.'));
