// Whether the default profile catches a faulty GRU under the clause it breaks: its checks run in profile order
// until one that cites the clause fails. The answer is the same as a whole run's; the whole runs behind the
// kill matrix (npm run teeth:matrix) are for CI, where time allows them.
import type { Check, CheckOutcome } from '../../harness/checks/types.js';
import { RunGuard } from '../../harness/run-guard.js';
import { outcomeOf, runDtypes, runOne } from '../../harness/runner.js';
import type { FaultyGru } from './fault.js';
import { CI_OPTIONS } from './kill-matrix.js';

/** The first failing check of the profile that cites the fault's clause, or null when none does. */
export async function firstCatch(fault: FaultyGru, profile: Check[]): Promise<CheckOutcome | null> {
  const guard = new RunGuard();
  const ctx = {
    impl: fault,
    seed: CI_OPTIONS.seed,
    runs: CI_OPTIONS.runs,
    dtypes: runDtypes(fault, CI_OPTIONS.dtypes),
    guard,
    strictClauses: false,
  };
  try {
    for (const check of profile) {
      const outcome = outcomeOf(check, await runOne(check, ctx), 0);
      if (outcome.status === 'fail' && outcome.clauses.includes(fault.clause)) return outcome;
    }
    return null;
  } finally {
    guard.dispose();
  }
}
