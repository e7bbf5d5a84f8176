// gru-conformance's programmatic API: run the suite on an implementation, read the report.
export type { Check, CheckContext, CheckOutcome, Family } from './checks/types.js';
export { compareTensors } from './compare.js';
export type { Capabilities, Implementation, InitRequest } from './implementation.js';
export { oracleImplementation } from './implementations/oracle.js';
export { isolatedImplementation } from './isolation/worker-implementation.js';
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
export type { GruRequest, GruResponse } from './request.js';
export { RunGuard } from './run-guard.js';
export { runChecks } from './runner.js';
export { conditioningScale, TOLERANCE_FACTOR, toleranceFor } from './tolerance.js';
