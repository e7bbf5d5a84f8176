// The report of one run (JSON schema: spec/report.schema.json).
import type { DType } from '../../oracle/index.js';
import type { CheckOutcome } from '../checks/types.js';
import type { Capabilities } from '../implementation.js';

export type ClauseStatus = 'pass' | 'fail' | 'skip' | 'unchecked';

export interface Report {
  format: 'gru-conformance/report';
  formatVersion: 1;
  implementation: { name: string; version?: string; capabilities?: Capabilities };
  suite: { name: 'gru-conformance'; version: string; goldenTorch: string };
  options: { seed: number; runs: number; dtypes: DType[]; only?: string; replay?: string };
  /** conformant: every check that ran passed; incomplete: the run was interrupted. */
  verdict: 'conformant' | 'not-conformant' | 'incomplete';
  summary: { checks: number; passed: number; failed: number; skipped: number; cases: number };
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
