// The catalogue of faulty GRUs: every one must fail the suite. Each breaks one clause in one readable way.
import { cellFaults } from './catalogue-cell.js';
import { equationFaults } from './catalogue-equations.js';
import { gradFaults } from './catalogue-grad.js';
import { halfFaults } from './catalogue-half.js';
import { layoutFaults } from './catalogue-layout.js';
import { numericFaults } from './catalogue-numerics.js';
import { packedFaults } from './catalogue-packed.js';
import { sizeFaults } from './catalogue-sizes.js';
import { timeFaults } from './catalogue-time.js';
import { validationFaults } from './catalogue-validation.js';

export type { FaultInfo, FaultyGru } from './fault.js';

export const FAULTY_GRUS = [
  ...equationFaults,
  ...numericFaults,
  ...sizeFaults,
  ...timeFaults,
  ...layoutFaults,
  ...validationFaults,
  ...cellFaults,
  ...packedFaults,
  ...halfFaults,
  ...gradFaults,
] as const;

/** The faulty GRU with this id. */
export function faultyGru(id: string) {
  const fault = FAULTY_GRUS.find((f) => f.id === id);
  if (fault === undefined) throw new Error(`no faulty GRU '${id}'`);
  return fault;
}
