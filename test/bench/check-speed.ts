// Benchmarks of the harness: in-process cases/s, subprocess round trip, default profile duration.

import { execa } from 'execa';
import { caseRequest, SMALL_CASE } from '../../harness/cases/gru-case.js';
import { NUMERIC_CHECKS } from '../../harness/checks/numeric.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { defaultProfile } from '../../harness/profile.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import { runChecks } from '../../harness/runner.js';

const OPTIONS = { seed: 7, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };

/** End-to-end in-process checking of small generated cases (generation, oracle, implementation, comparison). */
export async function inProcessRate(impl: Implementation): Promise<string> {
  const t0 = performance.now();
  const report = await runChecks(impl, NUMERIC_CHECKS, { ...OPTIONS, runs: 400 });
  const secs = (performance.now() - t0) / 1000;
  return `in-process checking (${impl.name}): ${report.summary.cases} cases in ${secs.toFixed(2)} s = ${(report.summary.cases / secs).toFixed(0)} cases/s (target >= 500)`;
}

/** Round trip of a small request to a subprocess that answers at once (the oracle behind `oracle serve`). */
export async function roundTrip(command: string): Promise<string> {
  const impl = await spawnImplementation(command);
  const request = caseRequest(SMALL_CASE);
  for (let i = 0; i < 200; i++) await impl.forward(request);
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await impl.forward(request);
  const ms = (performance.now() - t0) / n;
  await impl.close?.();
  return `subprocess round trip (oracle serve, input 3, hidden 4, 5 steps, batch 2): ${ms.toFixed(3)} ms per request over ${n} (target <= 1 ms)`;
}

/** The default `check` through the built CLI, as a user runs it (target: 30 s for the bundled example). */
export async function cliCheckDuration(label: string, args: string[]): Promise<string> {
  const t0 = performance.now();
  const r = await execa('node', ['dist/harness/cli/main.js', 'check', '--quiet', ...args], { reject: false });
  const secs = (performance.now() - t0) / 1000;
  return `default check, ${label}: ${secs.toFixed(1)} s wall, exit ${r.exitCode}: ${r.stdout.trim()}`;
}

/** The default `check` profile, as the CLI runs it. */
export async function profileDuration(label: string, impl: Implementation): Promise<string> {
  const t0 = performance.now();
  const report = await runChecks(impl, defaultProfile(), { ...OPTIONS, seed: 42, runs: 100 });
  await impl.close?.();
  return `default check profile, ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s, ${report.summary.checks} checks, ${report.summary.cases} cases, ${report.verdict} (target <= 60 s)`;
}
