// The messages between the harness's main thread and a check worker (harness/parallel/check-worker.ts).
import type { DType } from '../../oracle/index.js';
import type { CheckOutcome } from '../checks/types.js';
import type { StopReason } from '../run-guard.js';

/** Where a check worker gets its own instance of the implementation under test. */
export type ImplementationSource = { module: string; cmd?: undefined } | { cmd: string; module?: undefined };

export interface WorkerSetup {
  source: ImplementationSource;
  timeoutMs: number;
  maxTimeouts: number;
}

export interface RunRequest {
  type: 'run';
  index: number;
  checkId: string;
  seed: number;
  runs: number;
  dtypes: DType[];
  strictClauses: boolean;
  /** Keep each failure's evidence (--dump). */
  evidence: boolean;
  replay?: { seed: number; path: string };
}

export type ToCheckWorker = RunRequest | { type: 'stop'; reason: StopReason } | { type: 'close' };

export type FromCheckWorker =
  | { type: 'ready' }
  | { type: 'setup-error'; message: string }
  /** `stop`: the worker's own guard stopped the run (timeouts in a row) while running this check. */
  | { type: 'outcome'; index: number; outcome: CheckOutcome; stop: StopReason | null }
  | { type: 'closed' };
