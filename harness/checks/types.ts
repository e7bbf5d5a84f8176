// What a check is and what it reports.
import type { DType } from '../../oracle/index.js';
import type { Implementation } from '../implementation.js';
import type { Localisation } from '../localise.js';
import type { RatioGrids } from '../ratio-grid.js';
import type { RunGuard } from '../run-guard.js';

export type Family = 'golden' | 'numeric' | 'relation' | 'error' | 'init';

export interface WorstSeen {
  dtype: DType;
  /** |actual - expected| / allowance: <= 1 passes. */
  ratio: number;
  error: number;
  allowance: number;
  /** How many compared values fell in each log-scale bin of |diff| / allowance (harness/ratio-histogram.ts). */
  histogram?: number[];
}

/**
 * How an invalid call went wrong: `accepted-invalid` (answered it), `crashed` (failed instead of rejecting),
 * `wrong-clause` (rejected it naming a clause the call does not break), `missing-clause` (rejected it naming
 * none, under --strict-clauses). Value failures carry no kind.
 */
export type FailureKind = 'accepted-invalid' | 'crashed' | 'wrong-clause' | 'missing-clause';

export interface Failure {
  message: string;
  kind?: FailureKind;
  /** The minimal failing case (after shrinking), as plain data. */
  counterexample?: unknown;
  /** Token for `--replay`, which re-runs exactly this counterexample. */
  replay?: string;
  /** Which known variant the implementation computes, when the diagnosis could tell. */
  diagnosis?: string;
  /** Where the wrong values are: directions, h_n rows, time steps, batch rows, hidden units. */
  localisation?: Localisation /**
   * Goldens: the cited clauses this failure evidences (those that targeted checks of the run also fail, else
   * those the wrong tensors bear on). The clause table counts the failure against these only.
   */;
  blame?: string[];
  /** |diff| / allowance of the minimal case over (time step x hidden unit) and (h_n row x hidden unit). */
  grids?: RatioGrids;
}

/**
 * Why a check judged nothing. `capability`: it needs an optional capability the implementation does not
 * declare (init, trainMasks); `dtype`: its dtype is not checked in this run; `stopped`: the run stopped
 * (budget, timeouts, a signal, fuzz time) before the check finished.
 */
export type SkipKind = 'capability' | 'dtype' | 'stopped';

/**
 * pass: every case judged passed; fail: a case failed (`failure` says how); skip: nothing complete was judged
 * (`skipKind`, `skipReason`); error: the harness itself broke while judging (`failure` holds the message), so
 * the run cannot be trusted either way.
 */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface CheckOutcome {
  id: string;
  family: Family;
  /** The clause ids this check evidences; the first is the one it is filed under. */
  clauses: string[];
  title: string;
  status: CheckStatus;
  /** How many cases (requests or generated cases) were judged. */
  cases: number;
  worst: WorstSeen[];
  failure?: Failure;
  /** Things a person should know that do not fail the check (a rejection that named no clause). */
  warnings?: string[];
  skipKind?: SkipKind;
  skipReason?: string;
  durationMs: number;
}

export interface CheckContext {
  impl: Implementation;
  seed: number;
  runs: number;
  dtypes: DType[];
  /** Re-run one counterexample: fast-check's seed and path. */
  replay?: { seed: number; path: string };
  /** Stops the run (budget, consecutive timeouts, a signal, fuzz time) and counts timeouts. */
  guard: RunGuard;
  /** A rejection that names no clause fails (--strict-clauses) instead of warning. */
  strictClauses: boolean;
}

export type CheckResult = Omit<CheckOutcome, 'id' | 'family' | 'clauses' | 'title' | 'durationMs'>;

export interface Check {
  id: string;
  family: Family;
  clauses: string[];
  title: string;
  run(ctx: CheckContext): Promise<CheckResult>;
}
