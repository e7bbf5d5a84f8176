// What a check is and what it reports.
import type { DType } from '../../oracle/index.js';
import type { Implementation } from '../implementation.js';

export type Family = 'golden' | 'numeric' | 'relation' | 'error' | 'init';

export interface WorstSeen {
  dtype: DType;
  /** |actual - expected| / allowance: <= 1 passes. */
  ratio: number;
  error: number;
  allowance: number;
}

export interface Failure {
  message: string;
  /** The minimal failing case (after shrinking), as plain data. */
  counterexample?: unknown;
  /** Token for `--replay`, which re-runs exactly this counterexample. */
  replay?: string;
  /** Which known variant the implementation computes, when the diagnosis could tell. */
  diagnosis?: string;
}

export interface CheckOutcome {
  id: string;
  family: Family;
  /** The clause ids this check evidences; the first is the one it is filed under. */
  clauses: string[];
  title: string;
  status: 'pass' | 'fail' | 'skip';
  /** How many cases (requests or generated cases) were checked. */
  cases: number;
  worst: WorstSeen[];
  failure?: Failure;
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
  /** Stop early (Ctrl-C in fuzz). */
  signal?: AbortSignal;
}

export interface Check {
  id: string;
  family: Family;
  clauses: string[];
  title: string;
  run(ctx: CheckContext): Promise<Omit<CheckOutcome, 'id' | 'family' | 'clauses' | 'title' | 'durationMs'>>;
}
