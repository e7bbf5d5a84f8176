// fuzz: the property checks, round after round with fresh seeds, until the time is up or Ctrl-C.
import { INVALID_CHECKS } from '../checks/invalid.js';
import { NUMERIC_CHECKS } from '../checks/numeric.js';
import { RELATION_CHECKS } from '../checks/relations.js';
import type { CheckOutcome } from '../checks/types.js';
import type { Implementation } from '../implementation.js';
import { selectChecks } from '../profile.js';
import type { Report } from '../report/types.js';
import { buildReport, runChecks } from '../runner.js';
import type { CommonOptions } from './args.js';

/** Adds a round's outcome to the running total: cases add up, the first failure and the worst errors stay. */
function merge(total: CheckOutcome | undefined, next: CheckOutcome): CheckOutcome {
  if (total === undefined) return next;
  const worst = [...total.worst];
  for (const w of next.worst) {
    const i = worst.findIndex((x) => x.dtype === w.dtype);
    if (i < 0) worst.push(w);
    else if (w.ratio > worst[i].ratio) worst[i] = w;
  }
  const status =
    total.status === 'fail' || next.status === 'fail'
      ? 'fail'
      : total.status === 'pass' || next.status === 'pass'
        ? 'pass'
        : 'skip';
  return {
    ...total,
    status,
    cases: total.cases + next.cases,
    worst,
    failure: total.failure ?? next.failure,
    durationMs: total.durationMs + next.durationMs,
  };
}

export async function runFuzz(impl: Implementation, opts: CommonOptions): Promise<Report> {
  const started = performance.now();
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const timer = setTimeout(stop, opts.timeMs);
  const merged = new Map<string, CheckOutcome>();
  let active = selectChecks([...NUMERIC_CHECKS, ...RELATION_CHECKS, ...INVALID_CHECKS], opts.only);
  const progress = () => {
    const all = [...merged.values()];
    const cases = all.reduce((n, o) => n + o.cases, 0);
    const secs = (performance.now() - started) / 1000;
    const fails = all.filter((o) => o.status === 'fail').length;
    if (!opts.quiet)
      process.stderr.write(
        `\rfuzz ${secs.toFixed(0)}s of ${(opts.timeMs! / 1000).toFixed(0)}s: ${cases} cases (${(cases / Math.max(secs, 1e-3)).toFixed(0)}/s), ${fails} failing checks   `,
      );
  };
  const ticker = setInterval(progress, 500);
  let dtypes = opts.dtypes;
  try {
    const deadline = performance.now() + opts.timeMs!;
    for (let round = 0; !controller.signal.aborted && active.length > 0; round++) {
      if (performance.now() >= deadline) break;
      const report = await runChecks(impl, active, {
        seed: opts.seed + round,
        runs: opts.runs,
        dtypes: opts.dtypes,
        signal: controller.signal,
        onCheck: (o) => merged.set(o.id, merge(merged.get(o.id), o)),
      });
      dtypes = report.options.dtypes;
      active = active.filter((c) => merged.get(c.id)?.status !== 'fail');
    }
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    process.removeListener('SIGINT', stop);
    progress();
    if (!opts.quiet) process.stderr.write('\n');
  }
  return buildReport(
    impl,
    [...merged.values()],
    { seed: opts.seed, runs: opts.runs, dtypes, only: opts.only },
    false,
    performance.now() - started,
  );
}
