// The defaults of a run, one home for the CLI (harness/cli/help.ts documents them), the vitest helper, the
// implementations' transports and the kill matrix.

/** The default seed of `check`, used by CI: fixed, so a run is reproducible. */
export const CI_SEED = 42;
/** Cases per property (relations and invalid calls take their share of it). */
export const DEFAULT_RUNS = 100;
/** How long one request may take before the implementation is deemed hung. */
export const DEFAULT_TIMEOUT_MS = 30_000;
