// fuzz: the property checks round after round, round r with the seed seed + r, until --rounds are done, --time is
// up or a signal comes. A check counts once it has finished a round; a run in which some check never finished one,
// or that finished fewer rounds than --rounds asked, is incomplete. With --shard k/n this job runs the rounds r
// with r mod n = k - 1. Bounded by --rounds, every check runs every round, also after it failed, so the cases run
// are fixed by the seed, --runs and --rounds alone and n shards together run exactly the unsharded run's cases;
// bounded by --time alone, a check that failed leaves the rounds to come to the others.
import { foldRounds, inRound } from '../checks/round-fold.js';
import type { CheckOutcome } from '../checks/types.js';
import type { Implementation } from '../contract/implementation.js';
import type { CheckPool } from '../parallel/check-pool.js';
import { fuzzProfile, selectChecks } from '../profile.js';
import type { Report } from '../report/types.js';
import type { RunGuard } from '../run-guard.js';
import { attachDiagnosis, buildReport, runDtypes, runOutcomes } from '../runner.js';
import { shardSize } from '../shard/shard.js';
import type { CommonOptions } from './args.js';

/** The fuzz checks: the profile's seeded property families, narrowed by --only and --skip. */
export function fuzzChecks(only?: string, skip?: string) {
  return selectChecks(fuzzProfile(), { only, skip });
}

/** How many of the --rounds this job runs (all of them unsharded); undefined when bounded by time alone. */
export function roundsOwned(opts: Pick<CommonOptions, 'rounds' | 'shard'>): number | undefined {
  if (opts.rounds === undefined) return undefined;
  return opts.shard ? shardSize(opts.shard, opts.rounds) : opts.rounds;
}

const stoppedIn = (o: CheckOutcome) => o.status === 'skip' && o.skipKind === 'stopped';

/** Why the run cannot vouch for what it was asked: checks that never finished a round, rounds not run. */
function fuzzReasons(opts: CommonOptions, outcomes: CheckOutcome[], finished: number[]): string[] {
  const reasons: string[] = [];
  const unfinished = outcomes.filter(stoppedIn);
  if (unfinished.length > 0)
    reasons.push(
      `${unfinished.length} of ${outcomes.length} checks never finished a round (first: ${unfinished[0].id})`,
    );
  const owned = roundsOwned(opts);
  if (owned !== undefined && finished.length < owned)
    reasons.push(
      `${finished.length} of the ${owned} rounds ${opts.shard ? 'of this shard ' : ''}finished (--rounds ${opts.rounds})`,
    );
  return reasons;
}

export async function runFuzz(
  impl: Implementation,
  opts: CommonOptions,
  guard: RunGuard,
  onProgress?: (line: string, last: boolean) => void,
  pool?: CheckPool,
): Promise<Report> {
  const started = performance.now();
  const timeMs = opts.timeMs;
  const timer =
    timeMs === undefined ? undefined : setTimeout(() => guard.stop({ kind: 'time', timeMs }), timeMs);
  const checks = fuzzChecks(opts.only, opts.skip);
  const merged = new Map<string, CheckOutcome>();
  const finished: number[] = [];
  const owned = roundsOwned(opts);
  const progress = (last = false) => {
    const all = [...merged.values()];
    const cases = all.reduce((n, o) => n + o.cases, 0);
    const secs = (performance.now() - started) / 1000;
    const fails = all.filter((o) => o.status === 'fail').length;
    const of = timeMs === undefined ? '' : ` of ${(timeMs / 1000).toFixed(0)}s`;
    onProgress?.(
      `fuzz ${secs.toFixed(0)}s${of}: ${cases} cases (${(cases / Math.max(secs, 1e-3)).toFixed(0)}/s), ${fails} failing checks, ${finished.length}${owned === undefined ? '' : ` of ${owned}`} rounds`,
      last,
    );
  };
  const ticker = setInterval(() => progress(), 500);
  let active = checks;
  try {
    for (
      let round = opts.shard ? opts.shard.index - 1 : 0;
      !guard.stopped && active.length > 0 && (opts.rounds === undefined || round < opts.rounds);
      round += opts.shard?.count ?? 1
    ) {
      const options = {
        seed: (opts.seed + round) >>> 0,
        runs: opts.runs,
        dtypes: opts.dtypes,
        strictClauses: opts.strictClauses,
        evidence: opts.dump !== undefined,
      };
      const outcomes = await runOutcomes(
        impl,
        active,
        { ...options, lanes: pool?.lanes(guard, options) },
        guard,
      );
      for (const o of outcomes) merged.set(o.id, foldRounds(merged.get(o.id), inRound(o, round)));
      if (!outcomes.some(stoppedIn)) finished.push(round);
      if (opts.rounds === undefined) active = active.filter((c) => merged.get(c.id)?.status !== 'fail');
    }
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    progress(true);
  }
  const outcomes = checks.map((c) => merged.get(c.id)).filter((o) => o !== undefined);
  const report = buildReport(
    impl,
    outcomes,
    {
      seed: opts.seed,
      seedSource: opts.seedSource,
      runs: opts.runs,
      dtypes: runDtypes(impl, opts.dtypes),
      only: opts.only,
      skip: opts.skip,
      strictClauses: opts.strictClauses,
      fuzz: fuzzOptions(opts),
      shard: opts.shard ? { ...opts.shard, total: checks.length, partition: 'rounds' } : undefined,
    },
    { stop: guard.stopReason, reasons: fuzzReasons(opts, outcomes, finished) },
  );
  report.rounds = finished;
  await attachDiagnosis(impl, report, guard);
  report.durationMs = performance.now() - started;
  return report;
}

/** What bounds a fuzz run, as its report records it. */
export function fuzzOptions(opts: Pick<CommonOptions, 'rounds' | 'timeMs'>): {
  rounds?: number;
  timeMs?: number;
} {
  return {
    ...(opts.rounds !== undefined ? { rounds: opts.rounds } : {}),
    ...(opts.timeMs !== undefined ? { timeMs: opts.timeMs } : {}),
  };
}
