// Runs checks against an implementation and assembles the report; never throws for the implementation's sake.

import type { DType } from '../oracle/index.js';
import { loadClauses } from '../spec/clauses.js';
import { loadManifest } from './cases/goldens.js';
import { narrowGoldenBlame } from './checks/golden-blame.js';
import type { Check, CheckContext, CheckOutcome, CheckResult, Family } from './checks/types.js';
import { hasCapability, type Implementation } from './contract/implementation.js';
import { checkImplementationShape, declaredDtypes } from './contract/implementation-shape.js';
import { describeThrown } from './contract/safe-call.js';
import { diagnoseFailures, isValueFailure } from './diagnosis/diagnose-failures.js';
import type { ClauseStatus, Report, Verdict } from './report/types.js';
import { DEFAULT_MAX_TIMEOUTS, describeStop, RunGuard, type StopReason } from './run-guard.js';
import type { ShardRecord } from './shard/shard.js';
import { SUITE_VERSION } from './version.js';

export interface RunOptions {
  seed: number;
  /** 'random' when the seed was drawn for this run (reports say so, with the seed to replay it). */
  seedSource?: 'fixed' | 'random';
  runs: number;
  dtypes: DType[];
  only?: string;
  skip?: string;
  replay?: { token: string; seed: number; path: string };
  /** A rejection that names no clause fails instead of warning. */
  strictClauses?: boolean;
  /** --shard k/n: this run is one of n parts of a whole run (gru-conformance merge joins their reports). */
  shard?: ShardRecord;
  /** Keep each failure's evidence, its requests and answers (--dump); the JSON report leaves it out. */
  evidence?: boolean;
  /** fuzz: what bounds the run (--rounds, --time); absent for check. */
  fuzz?: { rounds?: number; timeMs?: number };
  /** Bounds the run (budget, consecutive timeouts, signals); one is made when omitted. */
  guard?: RunGuard;
  /** More places to run checks at once (worker threads of a CheckPool); this thread is always one. */
  lanes?: Lane[];
  onCheck?: (outcome: CheckOutcome, index: number, total: number) => void;
}

/** The dtypes a run checks: those requested that the implementation declares. */
export function runDtypes(impl: Implementation, requested: DType[]): DType[] {
  const declared = declaredDtypes(impl.capabilities);
  return requested.filter((d) => declared.includes(d));
}

/**
 * Runs one check somewhere and returns its outcome: here, or in a worker thread of a CheckPool. Lanes pull
 * checks from one queue; each outcome goes to its check's place, so the report is the same for any number.
 */
export type Lane = (check: Check, index: number) => Promise<CheckOutcome>;

export function outcomeOf(check: Check, result: CheckResult, durationMs: number): CheckOutcome {
  return {
    id: check.id,
    family: check.family,
    clauses: check.clauses,
    title: check.title,
    ...result,
    durationMs,
  };
}

/** The outcome of a check that did not run because the run had stopped. */
export function notRun(check: Check, guard: RunGuard): CheckOutcome {
  const why = describeStop(guard.stopReason!);
  return outcomeOf(
    check,
    { status: 'skip', skipKind: 'stopped', cases: 0, worst: [], skipReason: `not run: ${why}` },
    0,
  );
}

/** Runs the checks on this thread and on any extra lanes; once the guard stops, the rest are reported as not run. */
export async function runOutcomes(
  impl: Implementation,
  checks: Check[],
  options: RunOptions,
  guard: RunGuard,
): Promise<CheckOutcome[]> {
  const ctx: CheckContext = {
    impl,
    seed: options.seed,
    runs: options.runs,
    dtypes: runDtypes(impl, options.dtypes),
    replay: options.replay,
    guard,
    strictClauses: options.strictClauses === true,
    evidence: options.evidence === true,
  };
  const local: Lane = async (check) => {
    const t0 = performance.now();
    return outcomeOf(check, await runOne(check, ctx), performance.now() - t0);
  };
  const lanes = [local, ...(options.lanes ?? [])];
  const outcomes = new Array<CheckOutcome>(checks.length);
  let next = 0;
  const drain = async (lane: Lane) => {
    for (let i = next++; i < checks.length; i = next++) {
      // Let timers and signals run even when the implementation never yields.
      await new Promise((resolve) => setImmediate(resolve));
      outcomes[i] = guard.stopped ? notRun(checks[i], guard) : await lane(checks[i], i);
      options.onCheck?.(outcomes[i], i, checks.length);
    }
  };
  await Promise.all(lanes.map(drain));
  return outcomes;
}

/** One check on this thread, with its context; a harness error becomes an `error` outcome. */
export async function runOne(check: Check, ctx: CheckContext): Promise<CheckResult> {
  if (ctx.guard.stopped) {
    const why = describeStop(ctx.guard.stopReason!);
    return { status: 'skip', skipKind: 'stopped', cases: 0, worst: [], skipReason: `not run: ${why}` };
  }
  if (ctx.dtypes.length === 0) {
    return {
      status: 'skip',
      skipKind: 'dtype',
      cases: 0,
      worst: [],
      skipReason: 'none of the requested dtypes is declared by the implementation',
    };
  }
  try {
    const dtypes = judgedDtypes(check, ctx.dtypes);
    return declaredSkip(check, ctx) ?? (await check.run({ ...ctx, dtypes, runs: runsOf(check, ctx.runs) }));
  } catch (e) {
    // A bug of the harness, not of the implementation: the run cannot vouch either way.
    const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : describeThrown(e);
    return {
      status: 'error',
      cases: 0,
      worst: [],
      failure: { message: `harness error in ${check.id}: ${stack}` },
    };
  }
}

/** The skip a check's declarations call for in this run: a capability the implementation lacks, a dtype not checked. */
function declaredSkip(check: Check, ctx: CheckContext): CheckResult | undefined {
  const need = typeof check.requires === 'function' ? check.requires() : check.requires;
  if (need !== undefined && !hasCapability(ctx.impl, need.capability))
    return { status: 'skip', skipKind: 'capability', cases: 0, worst: [], skipReason: need.reason };
  if (check.dtype !== undefined && !ctx.dtypes.includes(check.dtype))
    return {
      status: 'skip',
      skipKind: 'dtype',
      cases: 0,
      worst: [],
      skipReason: `${check.dtype} not checked`,
    };
  if (check.dtypes !== undefined && !ctx.dtypes.some((d) => check.dtypes!.includes(d)))
    return {
      status: 'skip',
      skipKind: 'dtype',
      cases: 0,
      worst: [],
      skipReason: `the ${check.family} family judges ${check.dtypes.join(' and ')} only (spec/tolerance.md, "Half precision")`,
    };
  return undefined;
}

/** The run's dtypes this check judges. */
const judgedDtypes = (check: Check, dtypes: DType[]): DType[] =>
  check.dtypes === undefined ? dtypes : dtypes.filter((d) => check.dtypes!.includes(d));

/** The cases a check generates: its share of --runs, at least one. */
function runsOf(check: Check, runs: number): number {
  return check.runShare === undefined ? runs : Math.max(1, Math.ceil(runs * check.runShare));
}

export async function runChecks(impl: Implementation, checks: Check[], options: RunOptions): Promise<Report> {
  checkImplementationShape(impl);
  const started = performance.now();
  const guard = options.guard ?? new RunGuard({ maxConsecutiveTimeouts: DEFAULT_MAX_TIMEOUTS });
  try {
    const outcomes = await runOutcomes(impl, checks, options, guard);
    const report = buildReport(
      impl,
      outcomes,
      { ...options, dtypes: runDtypes(impl, options.dtypes) },
      {
        stop: guard.stopReason,
      },
    );
    await attachDiagnosis(impl, report, guard);
    report.durationMs = performance.now() - started;
    return report;
  } finally {
    if (options.guard === undefined) guard.dispose();
  }
}

/**
 * When values are wrong, name the known variant the implementation computes, on every value failure: nn.GRU's
 * for the GRU's checks, nn.GRUCell's for the cell family's.
 */
export async function attachDiagnosis(impl: Implementation, report: Report, guard?: RunGuard): Promise<void> {
  const valueFailures = report.checks.filter(isValueFailure);
  if (valueFailures.length === 0 || report.options.dtypes.length === 0 || guard?.aborted) return;
  const d = await diagnoseFailures(impl, report.checks, report.options.dtypes, guard);
  report.diagnosis = d.text;
  for (const c of valueFailures) if (c.failure) c.failure.diagnosis = d.of(c);
}

export interface RunEnd {
  /** Why the run stopped early, if it did. */
  stop?: StopReason | null;
  /** Further reasons the run is incomplete (fuzz: checks that never finished a round). */
  reasons?: string[];
  durationMs?: number;
}

/** The report of a set of outcomes: summary, per-clause table, completeness and verdict. */
export function buildReport(
  impl: Implementation,
  outcomes: CheckOutcome[],
  options: RunOptions,
  end: RunEnd = {},
): Report {
  const count = (s: CheckOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const failed = count('fail');
  // Narrowing needs every targeted failure of the whole run: a part of it leaves that to the merge.
  if ((options.shard?.count ?? 1) === 1) narrowGoldenBlame(outcomes);
  const incomplete = incompleteness(outcomes, end);
  const report: Report = {
    format: 'gru-conformance/report',
    formatVersion: 2,
    implementation: { name: impl.name, version: impl.version, capabilities: impl.capabilities },
    suite: { name: 'gru-conformance', version: SUITE_VERSION, goldenTorch: loadManifest().torch },
    options: {
      seed: options.seed,
      seedSource: options.seedSource ?? 'fixed',
      runs: options.runs,
      dtypes: options.dtypes,
      only: options.only,
      skip: options.skip,
      replay: options.replay?.token,
      strictClauses: options.strictClauses === true,
      ...(options.fuzz ? { fuzz: options.fuzz } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
    },
    verdict: verdictOf(failed, incomplete, end.stop ?? null),
    incomplete,
    summary: {
      checks: outcomes.length,
      passed: count('pass'),
      failed,
      skipped: count('skip'),
      errors: count('error'),
      warnings: outcomes.filter((o) => (o.warnings?.length ?? 0) > 0).length,
      cases: outcomes.reduce((n, o) => n + o.cases, 0),
    },
    clauses: clauseTable(outcomes),
    checks: outcomes,
    durationMs: end.durationMs ?? 0,
  };
  if (end.stop) report.stop = end.stop;
  return report;
}

/**
 * The one rule of the exit status: conformant only when the run is complete, judged at least one case in every
 * requested family and nothing failed. A stop by a signal, the budget or repeated timeouts is incomplete even
 * when failures were found (the report lists them); otherwise any failure makes it not conformant.
 */
export function verdictOf(failed: number, incomplete: string[], stop: StopReason | null): Verdict {
  if (stop !== null && stop.kind !== 'time') return 'incomplete';
  if (failed > 0) return 'not-conformant';
  return incomplete.length > 0 ? 'incomplete' : 'conformant';
}

/** Why these outcomes cannot vouch for conformance (empty when they can). */
export function incompleteness(outcomes: CheckOutcome[], end: RunEnd): string[] {
  const reasons: string[] = [];
  if (end.stop && end.stop.kind !== 'time') reasons.push(describeStop(end.stop));
  reasons.push(...(end.reasons ?? []));
  const errors = outcomes.filter((o) => o.status === 'error');
  if (errors.length > 0) reasons.push(`the harness broke in ${errors.length} check(s): ${errors[0].id}`);
  const stopped = outcomes.filter((o) => o.status === 'skip' && o.skipKind === 'stopped');
  if (stopped.length > 0 && end.stop?.kind !== 'time')
    reasons.push(`${stopped.length} of ${outcomes.length} checks did not finish`);
  const judged = (list: CheckOutcome[]) =>
    list.filter((o) => o.status === 'pass' || o.status === 'fail').reduce((n, o) => n + o.cases, 0);
  if (judged(outcomes) === 0) {
    const why = outcomes.find((o) => o.skipReason)?.skipReason;
    reasons.push(`no case was judged${why ? ` (${why})` : ''}`);
    return reasons;
  }
  const families = [...new Set(outcomes.map((o) => o.family))] as Family[];
  for (const family of families) {
    const mine = outcomes.filter((o) => o.family === family);
    if (judged(mine) > 0) continue;
    // A family that needs an optional capability the implementation does not declare is not requested of it, nor
    // is one that judges none of the run's dtypes (the cell and packed families in a half-precision run).
    if (mine.every((o) => o.status === 'skip' && (o.skipKind === 'capability' || o.skipKind === 'dtype')))
      continue;
    const why = mine.find((o) => o.skipReason)?.skipReason;
    reasons.push(`no ${family} case was judged${why ? ` (${why})` : ''}`);
  }
  return reasons;
}

/**
 * Per clause. Targeted checks (numeric, relation, error, init) decide a clause's status where the run has any:
 * they isolate one area each. Goldens evidence many clauses at once, so they decide only clauses that no
 * targeted check covers; their counts are reported beside.
 */
function clauseTable(outcomes: CheckOutcome[]): Report['clauses'] {
  return loadClauses().clauses.map((c) => {
    // A failing golden (nn.GRU's or the cell's) counts only against the clauses it evidences (its blame); for
    // the others it says nothing.
    const mine = outcomes.filter(
      (o) =>
        o.clauses.includes(c.id) &&
        o.status !== 'error' &&
        !(o.status === 'fail' && o.failure?.blame && !o.failure.blame.includes(c.id)),
    );
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
