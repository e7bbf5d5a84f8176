// gru-conformance's programmatic API: run the suite on an implementation, read the report.
export type { Check, CheckContext, CheckOutcome, Family } from './checks/types.js';
export type { Capabilities, Implementation, InitRequest } from './contract/implementation.js';
export { oracleImplementation } from './contract/oracle-implementation.js';
export type { GruRequest, GruResponse } from './contract/request.js';
export { isolatedImplementation } from './isolation/worker-implementation.js';
export { compareTensors } from './judging/compare.js';
export { conditioningScale, TOLERANCE_FACTOR, toleranceFor } from './judging/tolerance.js';
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
export { RunGuard } from './run-guard.js';
export { runChecks } from './runner.js';
