// Command-line parsing: every bad argument is one line naming the problem, and exit status 2.
import { randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DTYPES, type DType } from '../../oracle/index.js';
import { DumpDirError, prepareDumpDir } from '../report/dump-folder.js';
import { CI_SEED, DEFAULT_RUNS, DEFAULT_TIMEOUT_MS } from '../run-defaults.js';
import { DEFAULT_MAX_TIMEOUTS } from '../run-guard.js';
import { parseShard, type Shard } from '../shard/shard.js';

export class UsageError extends Error {}

export interface CommonOptions {
  implementation?: string;
  cmd?: string;
  seed: number;
  seedSource: 'fixed' | 'random';
  runs: number;
  dtypes: DType[];
  only?: string;
  skip?: string;
  timeoutMs: number;
  /** Overall limit of the run (check); fuzz is bounded by --time. */
  budgetMs?: number;
  maxTimeouts: number;
  replay?: string;
  reportJson?: string;
  reportJunit?: string;
  /** A self-contained HTML page of the report, with plots. */
  reportHtml?: string;
  timeMs?: number;
  /** fuzz: run rounds 0 .. rounds - 1 (round r with seed + r), every check in every round. */
  rounds?: number;
  /** Threads that run checks at once, this one included (1: no worker threads). */
  workers: number;
  quiet: boolean;
  /** A rejection that names no clause is a failure, not a warning. */
  strictClauses: boolean;
  /** --shard k/n: run only this job's part of the checks (merge joins the reports). */
  shard?: Shard;
  /** --dump <dir>: write each failing check's requests, answers, expected tensors and allowances there. */
  dump?: string;
}

/** By default one check thread per core, up to 8. */
export const DEFAULT_WORKERS = Math.max(1, Math.min(8, availableParallelism()));

/** Seeds are unsigned 32-bit integers (fast-check's seed space). */
export const MAX_SEED = 2 ** 32 - 1;
export const DEFAULT_BUDGET_MS = 60 * 60_000;

/** Parses 500ms, 30s, 2m or 1h; a bare number is refused (seconds or milliseconds? say which). */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (m === null) {
    const hint = /^\d+(\.\d+)?$/.test(text.trim())
      ? ` (a bare number has no unit: write ${text.trim()}s or ${text.trim()}ms)`
      : '';
    throw new UsageError(`${flag}: expected a duration like 500ms, 30s, 2m or 1h, got '${text}'${hint}`);
  }
  const ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  if (!(ms >= 1)) throw new UsageError(`${flag}: must be at least 1ms, got '${text}'`);
  return ms;
}

function parseCount(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min)
    throw new UsageError(`${flag}: expected an integer >= ${min}, got '${text}'`);
  return Number(text);
}

/** --seed <n> (0 .. 2^32 - 1) or --seed random (drawn now, printed, replayable with --seed <n>). */
export function parseSeed(
  text: string | undefined,
  fallback: 'ci' | 'random',
): Pick<CommonOptions, 'seed' | 'seedSource'> {
  if (text === 'random' || (text === undefined && fallback === 'random'))
    return { seed: randomInt(0, 2 ** 31), seedSource: 'random' };
  if (text === undefined) return { seed: CI_SEED, seedSource: 'fixed' };
  if (!/^\d+$/.test(text) || !(Number(text) <= MAX_SEED))
    throw new UsageError(`--seed: expected an integer from 0 to ${MAX_SEED}, or 'random', got '${text}'`);
  return { seed: Number(text), seedSource: 'fixed' };
}

/** A report path must be writable where it is: its folder exists and it is not itself a folder. */
export function checkReportPath(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  if (path.trim() === '') throw new UsageError(`${flag}: expected a file path, got ''`);
  const full = resolve(path);
  const folder = dirname(full);
  if (!existsSync(folder)) throw new UsageError(`${flag}: folder ${folder} does not exist (for ${path})`);
  if (!statSync(folder).isDirectory())
    throw new UsageError(`${flag}: ${folder} is not a folder (for ${path})`);
  if (existsSync(full) && statSync(full).isDirectory()) throw new UsageError(`${flag}: ${path} is a folder`);
}

const OPTIONS = {
  cmd: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  dtype: { type: 'string' },
  only: { type: 'string' },
  skip: { type: 'string' },
  timeout: { type: 'string' },
  budget: { type: 'string' },
  'max-timeouts': { type: 'string' },
  replay: { type: 'string' },
  'report-json': { type: 'string' },
  'report-junit': { type: 'string' },
  'report-html': { type: 'string' },
  time: { type: 'string' },
  rounds: { type: 'string' },
  workers: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'strict-clauses': { type: 'boolean' },
  shard: { type: 'string' },
  dump: { type: 'string' },
} as const;

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The known option nearest to `flag` (two edits, or a third of its length for long ones), as a hint. */
export function didYouMean(flag: string, known: string[]): string {
  const name = flag.replace(/^-+/, '').split('=')[0];
  const scored = known.map((k) => ({ k, d: distance(name, k) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) && best.d < name.length / 2
    ? ` (did you mean --${best.k}?)`
    : '';
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    const err = e as Error & { code?: string };
    // Node names the option as '--seed <value>', '-q, --quiet' or '--seeed': take the long form.
    const flag = /option '(?:-\w, )?(-{1,2}[^' ]+)/i.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined)
      throw new UsageError(
        `unknown option ${flag}${didYouMean(flag, Object.keys(OPTIONS))}; --help lists them`,
      );
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
      const takesValue = OPTIONS[flag.replace(/^-+/, '') as keyof typeof OPTIONS]?.type === 'string';
      throw new UsageError(takesValue ? `${flag}: expected a value after it` : `${flag} takes no value`);
    }
    throw new UsageError(err.message.split('\n')[0]);
  }
}

/** Each report path is writable, and no two reports name the same file. */
export function checkReportPaths(v: Record<string, unknown>): void {
  const flags = ['report-json', 'report-junit', 'report-html'].filter((f) => typeof v[f] === 'string');
  for (const f of flags) checkReportPath(`--${f}`, v[f] as string);
  for (let i = 0; i < flags.length; i++)
    for (const g of flags.slice(i + 1))
      if (resolve(v[flags[i]] as string) === resolve(v[g] as string))
        throw new UsageError(`--${flags[i]} and --${g} name the same file: ${v[flags[i]]}`);
}

/** --dump's folder, checked (created, writable, empty or an earlier dump) before the run starts. */
function dumpOption(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  try {
    prepareDumpDir(dir);
  } catch (e) {
    if (e instanceof DumpDirError) throw new UsageError(`--dump: ${e.message}`);
    throw e;
  }
  return dir;
}

function shardOption(text: string): Shard {
  try {
    return parseShard(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function parseCommon(command: 'check' | 'fuzz', argv: string[]): CommonOptions {
  const parsed = parse(argv);
  const v = parsed.values;
  if (parsed.positionals.length > 1)
    throw new UsageError(
      `${command}: expected at most one implementation, got ${parsed.positionals.join(' ')}`,
    );
  if (parsed.positionals.length === 1 && v.cmd !== undefined)
    throw new UsageError(`${command}: give a module path or --cmd, not both`);
  if (v.dtype !== undefined && !DTYPES.includes(v.dtype as DType))
    throw new UsageError(`--dtype: expected one of ${DTYPES.join(', ')}, got '${v.dtype}'`);
  if (command === 'check' && v.time !== undefined)
    throw new UsageError('--time is an option of fuzz, not check');
  if (command === 'check' && v.rounds !== undefined)
    throw new UsageError('--rounds is an option of fuzz, not check');
  if (command === 'fuzz' && v.time === undefined && v.rounds === undefined)
    throw new UsageError('fuzz: --time <duration> or --rounds <n> is required, e.g. --time 60s');
  if (command === 'fuzz' && v.budget !== undefined)
    throw new UsageError('--budget is an option of check; fuzz is bounded by --time');
  if (command === 'fuzz' && v.replay !== undefined) throw new UsageError('--replay is an option of check');
  if (v.shard !== undefined && v.replay !== undefined)
    throw new UsageError('--shard and --replay do not go together: a replay runs one case');
  checkReportPath('--report-json', v['report-json']);
  checkReportPath('--report-junit', v['report-junit']);
  checkReportPaths(v);
  const shard = v.shard === undefined ? undefined : shardOption(v.shard);
  if (shard && v.rounds !== undefined && /^\d+$/.test(v.rounds) && shard.count > Number(v.rounds))
    throw new UsageError(
      `--shard ${v.shard} with --rounds ${v.rounds}: some shards would have no round to run (n must be at most --rounds)`,
    );
  return {
    implementation: parsed.positionals[0],
    cmd: v.cmd,
    ...parseSeed(v.seed, command === 'fuzz' ? 'random' : 'ci'),
    runs: v.runs === undefined ? DEFAULT_RUNS : parseCount('--runs', v.runs, 1),
    dtypes: v.dtype === undefined ? [...DTYPES] : [v.dtype as DType],
    only: v.only,
    skip: v.skip,
    timeoutMs: v.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration('--timeout', v.timeout),
    budgetMs:
      command === 'fuzz'
        ? undefined
        : v.budget === undefined
          ? DEFAULT_BUDGET_MS
          : parseDuration('--budget', v.budget),
    maxTimeouts:
      v['max-timeouts'] === undefined
        ? DEFAULT_MAX_TIMEOUTS
        : parseCount('--max-timeouts', v['max-timeouts'], 1),
    replay: v.replay,
    reportJson: v['report-json'],
    reportJunit: v['report-junit'],
    reportHtml: v['report-html'],
    timeMs: v.time === undefined ? undefined : parseDuration('--time', v.time),
    rounds: v.rounds === undefined ? undefined : parseCount('--rounds', v.rounds, 1),
    workers: v.workers === undefined ? DEFAULT_WORKERS : parseCount('--workers', v.workers, 1),
    quiet: v.quiet === true,
    strictClauses: v['strict-clauses'] === true,
    shard,
    dump: dumpOption(v.dump),
  };
}
