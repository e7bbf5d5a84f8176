// Embed the whole suite in your own vitest file:
//   import { describeConformance } from 'gru-conformance/vitest';
//   import myGru from './my-gru.js';
//   describeConformance(myGru);

import { afterAll, describe, expect, it } from 'vitest';
import type { DType } from '../oracle/index.js';
import type { CheckContext } from './checks/types.js';
import type { Implementation } from './contract/implementation.js';
import { isolatedImplementation } from './isolation/worker-implementation.js';
import { defaultProfile, selectChecks } from './profile.js';
import { spawnImplementation } from './protocol/subprocess.js';
import { CI_SEED, DEFAULT_RUNS } from './run-defaults.js';
import { RunGuard } from './run-guard.js';

export interface ConformanceOptions {
  seed?: number;
  runs?: number;
  dtypes?: DType[];
  /** Only checks whose id or clause id starts with one of these comma-separated prefixes. */
  only?: string;
  /** Not the checks whose id starts with one of these comma-separated prefixes. */
  skip?: string;
  /** Per-request timeout for subprocess implementations, in ms. */
  timeoutMs?: number;
}

/** One vitest test per check of the default profile, titled with its clause id. */
export function describeConformance(
  target: Implementation | { cmd: string } | { module: string },
  options: ConformanceOptions = {},
): void {
  const checks = selectChecks(defaultProfile(), { only: options.only, skip: options.skip });
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
  const label = 'cmd' in target ? target.cmd : 'module' in target ? target.module : target.name;
  describe(`gru-conformance: ${label}`, () => {
    afterAll(async () => {
      if (impl) await (await impl).close?.();
    });
    for (const check of checks) {
      it(`${check.clauses[0]}: ${check.id}: ${check.title}`, async () => {
        const implementation = await get();
        const declared = implementation.capabilities?.dtypes ?? ['float32', 'float64'];
        const ctx: CheckContext = {
          impl: implementation,
          seed: options.seed ?? CI_SEED,
          runs: options.runs ?? DEFAULT_RUNS,
          dtypes: (options.dtypes ?? ['float32', 'float64']).filter((d) => declared.includes(d)),
          guard: new RunGuard(),
        };
        const outcome = await check.run(ctx);
        const f = outcome.failure;
        const detail = f
          ? [
              f.message,
              f.diagnosis && `diagnosis: ${f.diagnosis}`,
              f.counterexample !== undefined && `minimal case: ${JSON.stringify(f.counterexample)}`,
              f.replay && `replay: --replay ${f.replay}`,
            ]
              .filter(Boolean)
              .join('\n')
          : '';
        expect(outcome.status, detail).not.toBe('fail');
      });
    }
  });
}
