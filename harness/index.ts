// gru-conformance's programmatic API: run the suite on an implementation, read the report.
export {
  type Check,
  type CheckContext,
  type CheckOutcome,
  type CheckResult,
  FAMILIES,
  type Family,
  type Requirement,
} from './checks/types.js';
export type {
  GruBackwardRequest,
  GruBackwardResponse,
  GruUpstream,
} from './contract/backward-request.js';
export type { GruCellRequest, GruCellResponse } from './contract/cell-request.js';
export type { Capabilities, Implementation, InitRequest } from './contract/implementation.js';
export { oracleImplementation } from './contract/oracle-implementation.js';
export type { GruRequest, GruResponse } from './contract/request.js';
export { isolatedImplementation } from './isolation/worker-implementation.js';
export { compareTensors } from './judging/compare.js';
export { conditioningScale, TOLERANCE_FACTOR, toleranceFor } from './judging/tolerance.js';
export { keepWorst, type WorstSeen } from './judging/verdict.js';
export { defaultProfile, selectChecks } from './profile.js';
export {
  ImplementationFailure,
  RejectedCallError,
  type SpawnOptions,
  type SubprocessImplementation,
  spawnImplementation,
} from './protocol/subprocess.js';
export type { Encoding } from './protocol/wire.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { renderTerminal } from './report/terminal.js';
export type { Report } from './report/types.js';
export { CI_SEED, DEFAULT_RUNS, DEFAULT_TIMEOUT_MS } from './run-defaults.js';
export { RunGuard } from './run-guard.js';
export { runChecks } from './runner.js';
export { SUITE_VERSION } from './version.js';
