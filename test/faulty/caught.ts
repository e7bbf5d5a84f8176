// Whether the default profile catches a faulty GRU under the clause it breaks: the profile's checks that cite the
// clause run in profile order until one fails. The answer is the same as a whole run's (a check that cites another
// clause could not be the answer); the whole runs behind the kill matrix (npm run teeth:matrix) are for CI.
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
    for (const check of profile.filter((c) => c.clauses.includes(fault.clause))) {
      const outcome = outcomeOf(check, await runOne(check, ctx), 0);
      if (outcome.status === 'fail') return outcome;
    }
    return null;
  } finally {
    guard.dispose();
  }
}
