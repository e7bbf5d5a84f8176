// What a check is and what it reports.
import type { DType } from '../../oracle/index.js';
import type { CapabilityName, Implementation } from '../contract/implementation.js';
import type { Evidence } from '../judging/evidence.js';
import type { Localisation } from '../judging/localise.js';
import type { RatioGrids } from '../judging/ratio-grid.js';
import type { FailureKind, WorstSeen } from '../judging/verdict.js';
import type { RunGuard } from '../run-guard.js';

export type { WorstSeen } from '../judging/verdict.js';

/** The check families, in report order (spec/report.schema.json lists the same; test/spec checks it). */
export const FAMILIES = ['golden', 'numeric', 'relation', 'error', 'init', 'cell', 'packed', 'grad'] as const;
export type Family = (typeof FAMILIES)[number];

export type { FailureKind } from '../judging/verdict.js';

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
  localisation?: Localisation;
  /**
   * Goldens: the cited clauses this failure evidences (those that targeted checks of the run also fail, else
   * those the wrong tensors bear on). The clause table counts the failure against these only.
   */
  blame?: string[];
  /** |diff| / allowance of the minimal case over (time step x hidden unit) and (h_n row x hidden unit). */
  grids?: RatioGrids;
  /** fuzz: the round that found it (round r runs with seed + r). */
  round?: number;
  /**
   * The failing case's calls (requests and answers) and comparisons, kept only when the run asks (--dump); never
   * in the JSON report (harness/report/dump.ts writes it).
   */
  evidence?: Evidence;
}

/**
 * Why a check judged nothing. `capability`: it needs an optional capability the implementation does not
 * declare (init, trainMasks, cell, backward); `dtype`: its dtype is not checked in this run; `stopped`: the run stopped
 * (budget, timeouts, a signal, fuzz time) before the check finished.
 */
export type SkipKind = 'capability' | 'dtype' | 'stopped';

/** How many cases (requests or generated cases) were judged, and the worst error ratio per dtype among them. */
interface Judged {
  cases: number;
  worst: WorstSeen[];
  /** Things a person should know that do not fail the check (a rejection that named no clause). */
  warnings?: string[];
}

/**
 * pass: every case judged passed; fail: a case failed (`failure` says how); skip: nothing complete was judged
 * (`skipKind`, `skipReason`); error: the harness itself broke while judging (`failure` holds the message), so
 * the run cannot be trusted either way. Fields of the other kinds are absent (typed `never`, so they read as
 * undefined).
 */
export type CheckResult =
  | ({ status: 'pass' } & Judged & { failure?: never; skipKind?: never; skipReason?: never })
  | ({ status: 'fail' } & Judged & { failure: Failure; skipKind?: never; skipReason?: never })
  | ({ status: 'skip'; skipKind: SkipKind } & Judged & { skipReason: string; failure?: never })
  | ({ status: 'error' } & Judged & { failure: Failure; skipKind?: never; skipReason?: never });

export type CheckStatus = CheckResult['status'];

/** What identifies a check in a report. */
export interface CheckIdentity {
  id: string;
  family: Family;
  /** The clause ids this check evidences; the first is the one it is filed under. */
  clauses: string[];
  title: string;
}

export type CheckOutcome = CheckIdentity &
  CheckResult & {
    durationMs: number;
    /** fuzz: the round whose outcome decides this one (the earliest of the gravest status). */
    round?: number;
  };

export interface CheckContext {
  impl: Implementation;
  seed: number;
  /** Cases this check generates: --runs, times the check's `runShare`. */
  runs: number;
  dtypes: DType[];
  /** Re-run one counterexample: fast-check's seed and path. */
  replay?: { seed: number; path: string };
  /** Stops the run (budget, consecutive timeouts, a signal, fuzz time) and counts timeouts. */
  guard: RunGuard;
  /** A rejection that names no clause fails (--strict-clauses) instead of warning. */
  strictClauses: boolean;
  /** Keep each failure's evidence (--dump). */
  evidence?: boolean;
}

/** An optional capability a check needs; without it the runner skips the check, saying `reason`. */
export interface Requirement {
  capability: CapabilityName;
  reason: string;
}

export interface Check extends CheckIdentity {
  /** Applied by the runner before `run`: a requirement, or one known only once the check's data is read. */
  requires?: Requirement | (() => Requirement | undefined);
  /** The one dtype the check judges (a golden's): the runner skips it when the run does not check that dtype. */
  dtype?: DType;
  /**
   * The dtypes the check can judge (the cell and packed families: float32 and float64); the runner gives it only
   * those of the run's dtypes, and skips it when none is left. Default: every dtype.
   */
  dtypes?: readonly DType[];
  /** The share of --runs the check generates (relations 1/2, invalid calls 1/4), at least one; default all. */
  runShare?: number;
  run(ctx: CheckContext): Promise<CheckResult>;
}
