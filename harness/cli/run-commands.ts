// The check and fuzz commands: load the implementation (and check workers), run the checks, write the reports.
// main.ts imports this module only for those commands, so `oracle serve`, help and merge start without it.
import { GoldenIntegrityError } from '../cases/goldens.js';
import type { Implementation } from '../contract/implementation.js';
import { CheckPool } from '../parallel/check-pool.js';
import { defaultProfile, parseReplay, selectChecks } from '../profile.js';
import { renderTerminal } from '../report/terminal.js';
import { runChecks } from '../runner.js';
import { shardOf } from '../shard/shard.js';
import { SUITE_VERSION } from '../version.js';
import { type CommonOptions, parseCommon } from './args.js';
import { fuzzChecks, runFuzz } from './fuzz.js';
import { DEFAULT_IMPLEMENTATION, loadImplementation, targetName } from './load.js';
import { checkProgress, ProgressLine } from './progress.js';
import { Session } from './session.js';

function describeTarget(opts: CommonOptions): string {
  if (opts.cmd) return `gru-conformance check --cmd '${opts.cmd}'`;
  return `gru-conformance check${opts.implementation ? ` ${opts.implementation}` : ''}`;
}

function seedLine(opts: CommonOptions): string {
  return opts.seedSource === 'random'
    ? `seed ${opts.seed} (random; replay with --seed ${opts.seed})`
    : `seed ${opts.seed}`;
}

/**
 * Loads the implementation, and with --workers > 1 the check workers, each with its own instance; a failure is
 * reported (exit 2, incomplete report), not thrown.
 */
async function start(session: Session, opts: CommonOptions, checkCount: number) {
  let impl: Implementation | undefined;
  try {
    impl = await loadImplementation(opts);
    session.setImplementation(impl);
    // A thread is worth its start (about half a second) from a few checks on.
    const threads = Math.min(opts.workers, Math.ceil(checkCount / 4));
    const pool =
      threads > 1
        ? await CheckPool.start(threads - 1, {
            source:
              opts.cmd !== undefined
                ? { cmd: opts.cmd }
                : { module: opts.implementation ?? DEFAULT_IMPLEMENTATION },
            timeoutMs: opts.timeoutMs,
            maxTimeouts: opts.maxTimeouts,
          })
        : undefined;
    return { impl, pool };
  } catch (e) {
    await impl?.close?.();
    const message = (e as Error).message.split('\n')[0];
    console.error(`gru-conformance: ${message}`);
    return session.failSetup(`the implementation could not start: ${message}`);
  }
}

function shardLine(session: Session): string {
  const s = session.shard;
  return s ? ` (shard ${s.index} of ${s.count}, of ${s.total} in all)` : '';
}

export async function checkCommand(argv: string[]): Promise<number> {
  const opts = parseCommon('check', argv);
  const replay = opts.replay ? parseReplay(opts.replay) : undefined;
  const session = new Session(opts, targetName(opts));
  let checks: ReturnType<typeof defaultProfile>;
  try {
    const whole = selectChecks(defaultProfile(), {
      only: opts.only,
      skip: opts.skip,
      replayCheckId: replay?.checkId,
    });
    checks = shardOf(whole, opts.shard);
    session.setShard(opts.shard, whole.length);
  } catch (e) {
    if (!(e instanceof GoldenIntegrityError)) {
      session.dispose();
      throw e;
    }
    console.error(`gru-conformance: ${e.message}`);
    return session.failSetup(e.message);
  }
  const started = await start(session, opts, checks.length);
  if (typeof started === 'number') return started;
  const { impl, pool } = started;
  try {
    if (!opts.quiet) {
      console.log(
        `gru-conformance ${SUITE_VERSION}: checking ${impl.name}${impl.version ? ` ${impl.version}` : ''}: ${
          replay
            ? `replaying one case of ${replay.checkId} (seed ${replay.seed})`
            : `${checks.length} checks${shardLine(session)}, ${seedLine(opts)}, ${opts.runs} runs per property`
        }`,
      );
    }
    const options = {
      // A replay runs the token's own seed, so that is the seed the report names.
      seed: replay ? replay.seed : opts.seed,
      seedSource: opts.seedSource,
      runs: opts.runs,
      dtypes: opts.dtypes,
      only: opts.only,
      skip: opts.skip,
      strictClauses: opts.strictClauses,
      replay: replay ? { token: opts.replay!, seed: replay.seed, path: replay.path } : undefined,
      shard: session.shard,
      evidence: opts.dump !== undefined,
    };
    const progress = opts.quiet || replay ? undefined : checkProgress(process.stderr, checks.length);
    const report = await runChecks(impl, checks, {
      ...options,
      guard: session.guard,
      lanes: pool?.lanes(session.guard, options),
      onCheck: (o, i) => {
        session.record(o, i);
        progress?.onCheck(o);
      },
    });
    progress?.end();
    const text = renderTerminal(report, describeTarget(opts));
    console.log(opts.quiet ? text.split('\n').at(-1) : text);
    return await session.complete(report, describeTarget(opts));
  } finally {
    await Promise.all([impl.close?.(), pool?.close()]);
  }
}

export async function fuzzCommand(argv: string[]): Promise<number> {
  const opts = parseCommon('fuzz', argv);
  const session = new Session(opts, targetName(opts));
  // Every shard of a fuzz run fuzzes every check, in its own rounds.
  const whole = fuzzChecks(opts.only, opts.skip);
  session.setShard(opts.shard, whole.length, 'rounds');
  const started = await start(session, opts, whole.length);
  if (typeof started === 'number') return started;
  const { impl, pool } = started;
  try {
    if (!opts.quiet) console.error(`gru-conformance fuzz: ${impl.name}, ${seedLine(opts)}`);
    const line = new ProgressLine(process.stderr);
    const progress = opts.quiet ? undefined : (text: string, last: boolean) => line.show(text, last);
    const report = await runFuzz(impl, opts, session.guard, progress, pool);
    line.end();
    const text = renderTerminal(report, describeTarget(opts));
    console.log(opts.quiet ? text.split('\n').at(-1) : text);
    return await session.complete(report, describeTarget(opts));
  } finally {
    await Promise.all([impl.close?.(), pool?.close()]);
  }
}
