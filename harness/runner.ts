// Runs checks against an implementation and assembles the report; never throws for the implementation's sake.
import type { DType } from '../oracle/index.js';
import { loadClauses } from '../spec/clauses.js';
import type { Check, CheckContext, CheckOutcome } from './checks/types.js';
import { describeDiagnosis, diagnose } from './diagnosis/diagnose.js';
import { loadManifest } from './goldens.js';
import type { Implementation } from './implementation.js';
import type { ClauseStatus, Report } from './report/types.js';

export const SUITE_VERSION = '0.1.0';

export interface RunOptions {
  seed: number;
  runs: number;
  dtypes: DType[];
  only?: string;
  replay?: { token: string; seed: number; path: string };
  signal?: AbortSignal;
  onCheck?: (outcome: CheckOutcome, index: number, total: number) => void;
}

export async function runChecks(impl: Implementation, checks: Check[], options: RunOptions): Promise<Report> {
  const started = performance.now();
  const declared = impl.capabilities?.dtypes ?? ['float32', 'float64'];
  const ctx: CheckContext = {
    impl,
    seed: options.seed,
    runs: options.runs,
    dtypes: options.dtypes.filter((d) => declared.includes(d)),
    replay: options.replay,
    signal: options.signal,
  };
  const outcomes: CheckOutcome[] = [];
  for (const [i, check] of checks.entries()) {
    // Let timers and signals (fuzz's deadline, Ctrl-C) run even when the implementation never yields.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) break;
    const t0 = performance.now();
    let result: Awaited<ReturnType<Check['run']>>;
    try {
      result =
        ctx.dtypes.length === 0
          ? { status: 'skip', cases: 0, worst: [], skipReason: 'none of the requested dtypes is declared' }
          : await check.run(ctx);
    } catch (e) {
      result = {
        status: 'fail',
        cases: 0,
        worst: [],
        failure: { message: `harness error in ${check.id}: ${(e as Error).stack ?? e}` },
      };
    }
    const outcome: CheckOutcome = {
      id: check.id,
      family: check.family,
      clauses: check.clauses,
      title: check.title,
      ...result,
      durationMs: performance.now() - t0,
    };
    outcomes.push(outcome);
    options.onCheck?.(outcome, i, checks.length);
  }
  const report = buildReport(
    impl,
    outcomes,
    { ...options, dtypes: ctx.dtypes },
    options.signal?.aborted === true,
    0,
  );
  await attachDiagnosis(impl, report);
  report.durationMs = performance.now() - started;
  return report;
}

/** When values are wrong, name the known variant the implementation computes, on every numeric failure. */
export async function attachDiagnosis(impl: Implementation, report: Report): Promise<void> {
  const valueFailures = report.checks.filter(
    (c) => c.status === 'fail' && c.family !== 'error' && c.family !== 'init',
  );
  if (valueFailures.length === 0 || report.options.dtypes.length === 0) return;
  const text = describeDiagnosis(await diagnose(impl, report.options.dtypes));
  report.diagnosis = text;
  for (const c of valueFailures) if (c.failure) c.failure.diagnosis = text;
}

/** The report of a set of outcomes: summary, per-clause table and verdict. */
export function buildReport(
  impl: Implementation,
  outcomes: CheckOutcome[],
  options: RunOptions,
  interrupted: boolean,
  durationMs: number,
): Report {
  const failed = outcomes.filter((o) => o.status === 'fail').length;
  return {
    format: 'gru-conformance/report',
    formatVersion: 1,
    implementation: { name: impl.name, version: impl.version, capabilities: impl.capabilities },
    suite: { name: 'gru-conformance', version: SUITE_VERSION, goldenTorch: loadManifest().torch },
    options: {
      seed: options.seed,
      runs: options.runs,
      dtypes: options.dtypes,
      only: options.only,
      replay: options.replay?.token,
    },
    verdict: failed > 0 ? 'not-conformant' : interrupted ? 'incomplete' : 'conformant',
    summary: {
      checks: outcomes.length,
      passed: outcomes.filter((o) => o.status === 'pass').length,
      failed,
      skipped: outcomes.filter((o) => o.status === 'skip').length,
      cases: outcomes.reduce((n, o) => n + o.cases, 0),
    },
    clauses: clauseTable(outcomes),
    checks: outcomes,
    durationMs,
  };
}

/**
 * Per clause. Targeted checks (numeric, relation, error, init) decide a clause's status where the run has any:
 * they isolate one area each. Goldens evidence many clauses at once, so they decide only clauses that no
 * targeted check covers; their counts are reported beside.
 */
function clauseTable(outcomes: CheckOutcome[]): Report['clauses'] {
  return loadClauses().clauses.map((c) => {
    const mine = outcomes.filter((o) => o.clauses.includes(c.id));
    const goldens = mine.filter((o) => o.family === 'golden');
    const targeted = mine.filter((o) => o.family !== 'golden');
    const deciding = targeted.some((o) => o.status !== 'skip') ? targeted : mine;
    const count = (list: CheckOutcome[], s: string) => list.filter((o) => o.status === s).length;
    const [failed, passed, skipped] = [
      count(deciding, 'fail'),
      count(deciding, 'pass'),
      count(deciding, 'skip'),
    ];
    const status: ClauseStatus =
      failed > 0 ? 'fail' : passed > 0 ? 'pass' : skipped > 0 ? 'skip' : 'unchecked';
    return {
      id: c.id,
      title: c.title,
      status,
      passed: count(targeted, 'pass'),
      failed: count(targeted, 'fail'),
      skipped: count(targeted, 'skip'),
      goldensPassed: count(goldens, 'pass'),
      goldensFailed: count(goldens, 'fail'),
    };
  });
}
