// Which checks a run executes: the default profile (goldens + properties), narrowed by --only and --replay.
import { CELL_PROPERTY_CHECKS, cellGoldenChecks } from './checks/cell.js';
import { goldenChecks } from './checks/goldens.js';
import { GRAD_PROPERTY_CHECKS, gradGoldenChecks } from './checks/grad.js';
import { INIT_CHECK } from './checks/init.js';
import { INVALID_CHECKS } from './checks/invalid.js';
import { NON_FINITE_CHECKS } from './checks/non-finite.js';
import { NUMERIC_CHECKS } from './checks/numeric.js';
import { packedChecks } from './checks/packed.js';
import { RELATION_CHECKS } from './checks/relations.js';
import { sizeChecks } from './checks/sizes.js';
import { TRAIN_CHECK } from './checks/train.js';
import type { Check } from './checks/types.js';
import { ZERO_INPUT_STEP_CHECK } from './checks/zero-input-step.js';

/**
 * The dtypes the cell, packed and grad families judge: their goldens are float32 and float64; in float16 and
 * bfloat16 the cell's and packed's properties alone cannot tell the two half formats apart (a float16 cell computed
 * in bfloat16 passes every cell property: spec/tolerance.md, "Half precision"), and the gradient tolerance is
 * derived and calibrated for float32 and float64 only. A half-precision run skips them, saying so.
 */
export const FULL_PRECISION_FAMILY_DTYPES = ['float32', 'float64'] as const;
const fullPrecision = (checks: readonly Check[]): Check[] =>
  checks.map((c) => ({ ...c, dtypes: FULL_PRECISION_FAMILY_DTYPES }));

/**
 * The parts of the default profile, in the order they run: cheap and basic first. `fuzz`: the part's cases come
 * from the seed, so `fuzz` repeats it round after round with fresh seeds (the goldens, the cell goldens, the size
 * rows and the init modules are fixed; training mode is left to check).
 */
const PARTS: { checks: () => readonly Check[]; fuzz: boolean }[] = [
  { checks: goldenChecks, fuzz: false },
  { checks: () => NUMERIC_CHECKS, fuzz: true },
  { checks: () => NON_FINITE_CHECKS, fuzz: true },
  { checks: () => [ZERO_INPUT_STEP_CHECK], fuzz: true },
  { checks: () => [TRAIN_CHECK], fuzz: false },
  { checks: () => RELATION_CHECKS, fuzz: true },
  { checks: () => INVALID_CHECKS, fuzz: true },
  { checks: () => [INIT_CHECK], fuzz: false },
  // nn.GRUCell (capability `cell`): its goldens, then its seeded checks
  { checks: () => fullPrecision(cellGoldenChecks()), fuzz: false },
  { checks: () => fullPrecision(CELL_PROPERTY_CHECKS), fuzz: true },
  { checks: () => fullPrecision(packedChecks.goldens()), fuzz: false },
  { checks: () => fullPrecision(packedChecks.generated()), fuzz: true },
  // gradients (capability `backward`): torch autograd's goldens, then against the oracle and the chain rule's
  // relations
  { checks: () => fullPrecision(gradGoldenChecks()), fuzz: false },
  { checks: () => fullPrecision(GRAD_PROPERTY_CHECKS), fuzz: true },
  // the most expensive family last: cheap failures are reported (and found by fail-fast users) first
  { checks: sizeChecks, fuzz: false },
];

/** Every check of the default profile, in the order they run. */
export function defaultProfile(): Check[] {
  return PARTS.flatMap((p) => p.checks());
}

/** The checks `fuzz` repeats with fresh seeds: the profile's seeded parts, in profile order. */
export function fuzzProfile(): Check[] {
  return PARTS.filter((p) => p.fuzz).flatMap((p) => p.checks());
}

/** A replay token is `<check id>:<seed>:<path>`, as printed with every property failure. */
export function parseReplay(token: string): { checkId: string; seed: number; path: string } {
  const m = /^([a-z0-9.-]+):(-?\d+):([\d:]*)$/.exec(token);
  if (m === null) throw new Error(`--replay: expected <check id>:<seed>:<path>, got '${token}'`);
  return { checkId: m[1], seed: Number(m[2]), path: m[3] };
}

/** Prefixes separated by commas. */
const prefixesOf = (list: string) =>
  list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** Whether the check's id or one of its clause ids starts with one of the prefixes. */
const matchesAny = (c: Check, prefixes: string[]) =>
  prefixes.some((p) => c.id.startsWith(p) || c.clauses.some((id) => id.startsWith(p)));

export interface Selection {
  /** Only checks whose id or clause id starts with one of these comma-separated prefixes. */
  only?: string;
  /** Not the checks whose id starts with one of these comma-separated prefixes. */
  skip?: string;
  /** Only the check of a replay token. */
  replayCheckId?: string;
}

export function selectChecks(checks: Check[], { only, skip, replayCheckId }: Selection = {}): Check[] {
  let selected = checks;
  if (replayCheckId !== undefined) {
    selected = checks.filter((c) => c.id === replayCheckId);
    if (selected.length === 0) throw new Error(`--replay: no check named '${replayCheckId}'`);
  }
  if (only !== undefined) {
    selected = selected.filter((c) => matchesAny(c, prefixesOf(only)));
    if (selected.length === 0) throw new Error(`--only: no check or clause starts with '${only}'`);
  }
  if (skip !== undefined) {
    const prefixes = prefixesOf(skip);
    selected = selected.filter((c) => !prefixes.some((p) => c.id.startsWith(p)));
    if (selected.length === 0) throw new Error(`--skip: '${skip}' leaves no check to run`);
  }
  return selected;
}
