// What a faulty GRU is: an Implementation with an id, the clause it breaks, and the real bug it models.
import type { Implementation } from '../../harness/contract/implementation.js';
import type { GruRequest, GruResponse } from '../../harness/contract/request.js';
import type { VariantId } from '../../harness/variants/registry.js';
import type { BackwardVariantId } from '../../harness/variants/variant-backward.js';
import type { CellRecipe } from './base-cell.js';
import { baseSteps, type GruSteps, gruOf, withCellOf } from './base-gru.js';

export interface FaultInfo {
  /** Kebab-case, unique in the catalogue; also the implementation's name. */
  id: string;
  /** One line: what the implementation does wrong. */
  description: string;
  /** The spec clause (spec/clauses.json) it violates. */
  clause: string;
  /**
   * The known variant it computes (harness/variants/registry.ts; a faulty backward's from
   * harness/variants/variant-backward.ts): the diagnosis must name it.
   */
  variant?: VariantId | BackwardVariantId;
  /** Otherwise, a label shared by faults that are the same mistake in another guise (no variant of the registry). */
  mistake?: string;
  /** Where the variant is the documented behaviour of another framework. */
  note?: string;
  /** The real-world bug it models: an issue or pull-request link, or a framework. */
  models?: string;
  /** What the localisation of the check that catches it must say (for faults of a place: a tail, a row, a step). */
  where?: RegExp;
}

export interface FaultyGru extends Implementation, FaultInfo {
  forward(request: GruRequest): GruResponse;
}

/** The base GRU with some of its steps replaced. */
export function faultySteps(info: FaultInfo, overrides: Partial<GruSteps>): FaultyGru {
  return { ...info, ...gruOf(info.id, overrides) };
}

/** The base GRU, right, with an nn.GRUCell (capability `cell`) whose steps are the base's with some replaced. */
export function faultyCell(info: FaultInfo, overrides: Partial<CellRecipe>): FaultyGru {
  return { ...info, ...withCellOf(info.id, overrides) };
}

export { baseSteps };
