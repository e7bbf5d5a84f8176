// The report of one run (JSON schema: spec/report.schema.json).
import type { DType } from '../../oracle/index.js';
import type { CheckOutcome } from '../checks/types.js';
import type { Capabilities } from '../contract/implementation.js';
import type { StopReason } from '../run-guard.js';
import type { ShardRecord } from '../shard/shard.js';

export type ClauseStatus = 'pass' | 'fail' | 'skip' | 'unchecked';

/**
 * conformant: complete, at least one case judged in every requested family, nothing failed (exit 0);
 * not-conformant: some case failed (exit 1); incomplete: the run stopped, broke, or judged too little to
 * say (exit 2; 130 or 143 after SIGINT or SIGTERM). `incomplete` lists why.
 */
export type Verdict = 'conformant' | 'not-conformant' | 'incomplete';

export interface Report {
  format: 'gru-conformance/report';
  formatVersion: 2;
  implementation: { name: string; version?: string; capabilities?: Capabilities };
  suite: { name: 'gru-conformance'; version: string; goldenTorch: string };
  options: {
    seed: number;
    /** 'random' when --seed random drew it (replay with --seed <seed>). */
    seedSource: 'fixed' | 'random';
    runs: number;
    dtypes: DType[];
    only?: string;
    skip?: string;
    replay?: string;
    /** --strict-clauses: a rejection that names no clause failed instead of warning. */
    strictClauses: boolean;
    /** fuzz: its bounds, --rounds (rounds 0 .. rounds - 1) and --time; absent for check. */
    fuzz?: { rounds?: number; timeMs?: number };
    /** --shard k/n: this report is part k of n of a whole run; absent for a whole run (or a merge of one). */
    shard?: ShardRecord;
  };
  /** fuzz: the rounds this run finished, in order (round r fuzzes every check with the seed seed + r). */
  rounds?: number[];
  verdict: Verdict;
  /** Why the run cannot vouch for conformance; empty when it is complete. */
  incomplete: string[];
  /** Why the run stopped early, when it did. */
  stop?: StopReason;
  summary: {
    checks: number;
    passed: number;
    failed: number;
    skipped: number;
    /** Checks in which the harness itself broke (the run cannot be trusted either way). */
    errors: number;
    /** Checks that passed or failed with warnings (rejections that named no clause). */
    warnings: number;
    cases: number;
  };
  /** passed/failed/skipped count the targeted checks; the goldens are counted apart. */
  clauses: {
    id: string;
    title: string;
    status: ClauseStatus;
    passed: number;
    failed: number;
    skipped: number;
    goldensPassed: number;
    goldensFailed: number;
  }[];
  checks: CheckOutcome[];
  /** Which known variant the implementation computes, when some values were wrong. */
  diagnosis?: string;
  durationMs: number;
}
