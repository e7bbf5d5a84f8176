// Embed the whole suite in your own vitest file:
//   import { describeConformance } from 'gru-conformance/vitest';
//   import myGru from './my-gru.js';
//   describeConformance(myGru);
// One test per check, titled by its id; a check that judged nothing is a real skip; a failure reads like the
// CLI's (the message, where the values are wrong, the minimal case, the command that replays it); the
// diagnosis of wrong values is a test of its own, run last.
import { afterAll, describe, it, type TestContext } from 'vitest';
import { DTYPES, type DType } from '../oracle/index.js';
import type { CheckContext, CheckOutcome } from './checks/types.js';
import type { Implementation } from './contract/implementation.js';
import { diagnoseFailures, isValueFailure } from './diagnosis/diagnose-failures.js';
import { isolatedImplementation } from './isolation/worker-implementation.js';
import { defaultProfile, selectChecks } from './profile.js';
import { spawnImplementation } from './protocol/subprocess.js';
import { CI_SEED, DEFAULT_RUNS } from './run-defaults.js';
import { DEFAULT_MAX_TIMEOUTS, RunGuard } from './run-guard.js';
import { outcomeOf, runDtypes, runOne } from './runner.js';

export interface ConformanceOptions {
  seed?: number;
  runs?: number;
  dtypes?: DType[];
  /** Only checks whose id or clause id starts with one of these comma-separated prefixes. */
  only?: string;
  /** Not the checks whose id starts with one of these comma-separated prefixes. */
  skip?: string;
  /** Per-request timeout for module and subprocess implementations, in ms. */
  timeoutMs?: number;
  /** A rejection of an invalid call that names no clause fails instead of warning (the CLI's --strict-clauses). */
  strictClauses?: boolean;
}

type Target = Implementation | { cmd: string } | { module: string };

/** A failed check, told as a person reads it: no assertion diff, no harness stack. */
export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
    this.stack = `${this.name}: ${message}`;
  }
}

function cliTarget(target: Target): string {
  if ('cmd' in target) return `--cmd '${target.cmd}'`;
  return 'module' in target ? target.module : '<your module>';
}

/** The failure as the CLI prints it, with the command that re-runs exactly its minimal case. */
export function describeFailure(outcome: CheckOutcome, target: Target): string {
  const f = outcome.failure;
  const lines = [
    `${outcome.id} [${(f?.blame ?? outcome.clauses).join(', ')}]: ${outcome.title}`,
    f?.message ?? '',
    f?.localisation ? `where: ${f.localisation.summary}` : '',
    f?.counterexample !== undefined ? `minimal case: ${JSON.stringify(f.counterexample)}` : '',
    f?.replay ? `replay: npx gru-conformance check ${cliTarget(target)} --replay ${f.replay}` : '',
    ...(outcome.warnings ?? []).map((w) => `warning: ${w}`),
  ];
  return lines.filter(Boolean).join('\n');
}

/** One vitest test per check of the default profile, titled with its id, then one for the diagnosis. */
export function describeConformance(target: Target, options: ConformanceOptions = {}): void {
  const checks = selectChecks(defaultProfile(), { only: options.only, skip: options.skip });
  const guard = new RunGuard({ maxConsecutiveTimeouts: DEFAULT_MAX_TIMEOUTS });
  let impl: Promise<Implementation> | undefined;
  const get = () => {
    // A module path runs isolated in a worker thread; an object shares the test's realm (README, "Exit status").
    impl ??=
      'cmd' in target
        ? spawnImplementation(target.cmd, { timeoutMs: options.timeoutMs })
        : 'module' in target
          ? isolatedImplementation(target.module, { timeoutMs: options.timeoutMs })
          : Promise.resolve(target);
    return impl;
  };
  const outcomes: CheckOutcome[] = [];
  let dtypes: DType[] = [];
  const label = 'cmd' in target ? target.cmd : 'module' in target ? target.module : target.name;
  describe(`gru-conformance: ${label}`, () => {
    afterAll(async () => {
      guard.dispose();
      if (impl) await (await impl).close?.();
    });
    for (const check of checks) {
      it(`${check.id}: ${check.title}`, async (test: TestContext) => {
        const implementation = await get();
        dtypes = runDtypes(implementation, options.dtypes ?? [...DTYPES]);
        const ctx: CheckContext = {
          impl: implementation,
          seed: options.seed ?? CI_SEED,
          runs: options.runs ?? DEFAULT_RUNS,
          dtypes,
          guard,
          strictClauses: options.strictClauses === true,
        };
        const t0 = performance.now();
        const outcome = outcomeOf(check, await runOne(check, ctx), performance.now() - t0);
        outcomes.push(outcome);
        for (const w of outcome.warnings ?? []) await test.annotate(w, 'warning');
        if (outcome.status === 'skip') {
          // A run that stopped (timeouts in a row, a signal) or can judge no dtype is incomplete, never a pass:
          // the CLI exits 2 for it. Only a capability the implementation does not declare, or one dtype of
          // several, is a skip.
          if (outcome.skipKind === 'stopped' || dtypes.length === 0)
            throw new ConformanceFailure(`${outcome.id}: incomplete: ${outcome.skipReason}`);
          test.skip(outcome.skipReason);
        }
        if (outcome.status === 'fail' || outcome.status === 'error')
          throw new ConformanceFailure(describeFailure(outcome, target));
      });
    }
    it('diagnosis: which known wrong variant the implementation computes, when values were wrong', async (test: TestContext) => {
      const valueFailures = outcomes.filter(isValueFailure);
      if (valueFailures.length === 0 || dtypes.length === 0) test.skip('no wrong values to diagnose');
      const { text } = await diagnoseFailures(await get(), outcomes, dtypes, guard);
      throw new ConformanceFailure(
        `${text}\n(failing value checks: ${valueFailures.map((o) => o.id).join(', ')})`,
      );
    });
  });
}
