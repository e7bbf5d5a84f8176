// fuzz: the property checks, round after round with fresh seeds, until the time is up or a signal.
// A check counts once it has finished a round; a run in which some check never finished one is incomplete.
import type { CheckOutcome } from '../checks/types.js';
import type { Implementation } from '../contract/implementation.js';
import { keepWorst } from '../judging/verdict.js';
import type { CheckPool } from '../parallel/check-pool.js';
import { fuzzProfile, selectChecks } from '../profile.js';
import type { Report } from '../report/types.js';
import type { RunGuard } from '../run-guard.js';
import { attachDiagnosis, buildReport, runDtypes, runOutcomes } from '../runner.js';
import { shardOf } from '../shard/shard.js';
import type { CommonOptions } from './args.js';

const RANK: Record<CheckOutcome['status'], number> = { fail: 3, error: 2, pass: 1, skip: 0 };

/** Adds a round's outcome to the running total: cases add up, the first failure and the worst errors stay. */
function merge(total: CheckOutcome | undefined, next: CheckOutcome): CheckOutcome {
  if (total === undefined) return next;
  const worst = keepWorst([...total.worst], next.worst);
  const winner = RANK[next.status] > RANK[total.status] ? next : total;
  const cases = total.cases + next.cases;
  const durationMs = total.durationMs + next.durationMs;
  if (winner.status === 'pass' || winner.status === 'skip') return { ...winner, cases, worst, durationMs };
  return { ...winner, cases, worst, failure: total.failure ?? next.failure ?? winner.failure, durationMs };
}

/** The fuzz checks: the profile's seeded property families, narrowed by --only and --skip. */
export function fuzzChecks(only?: string, skip?: string) {
  return selectChecks(fuzzProfile(), { only, skip });
}

export async function runFuzz(
  impl: Implementation,
  opts: CommonOptions,
  guard: RunGuard,
  onProgress?: (line: string, last: boolean) => void,
  pool?: CheckPool,
): Promise<Report> {
  const started = performance.now();
  const timeMs = opts.timeMs!;
  const timer = setTimeout(() => guard.stop({ kind: 'time', timeMs }), timeMs);
  const whole = fuzzChecks(opts.only, opts.skip);
  // A shard fuzzes its part of the checks with the same seeds (seed + round) the whole run would use.
  const selected = shardOf(whole, opts.shard);
  const merged = new Map<string, CheckOutcome>();
  let active = selected;
  const progress = (last = false) => {
    const all = [...merged.values()];
    const cases = all.reduce((n, o) => n + o.cases, 0);
    const secs = (performance.now() - started) / 1000;
    const fails = all.filter((o) => o.status === 'fail').length;
    onProgress?.(
      `fuzz ${secs.toFixed(0)}s of ${(timeMs / 1000).toFixed(0)}s: ${cases} cases (${(cases / Math.max(secs, 1e-3)).toFixed(0)}/s), ${fails} failing checks`,
      last,
    );
  };
  const ticker = setInterval(() => progress(), 500);
  try {
    for (let round = 0; !guard.stopped && active.length > 0; round++) {
      const options = {
        seed: (opts.seed + round) >>> 0,
        runs: opts.runs,
        dtypes: opts.dtypes,
        strictClauses: opts.strictClauses,
      };
      const outcomes = await runOutcomes(
        impl,
        active,
        { ...options, lanes: pool?.lanes(guard, options) },
        guard,
      );
      for (const o of outcomes) merged.set(o.id, merge(merged.get(o.id), o));
      active = active.filter((c) => merged.get(c.id)?.status !== 'fail');
    }
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    progress(true);
  }
  const outcomes = selected.map((c) => merged.get(c.id)).filter((o) => o !== undefined);
  const unfinished = outcomes.filter((o) => o.status === 'skip' && o.skipKind === 'stopped');
  const reasons =
    unfinished.length > 0
      ? [
          `${unfinished.length} of ${selected.length} checks never finished a round (first: ${unfinished[0].id})`,
        ]
      : [];
  const report = buildReport(
    impl,
    outcomes,
    {
      seed: opts.seed,
      seedSource: opts.seedSource,
      runs: opts.runs,
      dtypes: runDtypes(impl, opts.dtypes),
      only: opts.only,
      strictClauses: opts.strictClauses,
      shard: opts.shard ? { ...opts.shard, total: whole.length } : undefined,
    },
    { stop: guard.stopReason, reasons },
  );
  await attachDiagnosis(impl, report, guard);
  report.durationMs = performance.now() - started;
  return report;
}
