// Command-line parsing: every bad argument is one line naming the problem, and exit status 2.
import { parseArgs } from 'node:util';
import type { DType } from '../../oracle/index.js';

export class UsageError extends Error {}

export interface CommonOptions {
  implementation?: string;
  cmd?: string;
  seed: number;
  runs: number;
  dtypes: DType[];
  only?: string;
  timeoutMs: number;
  replay?: string;
  reportJson?: string;
  reportJunit?: string;
  timeMs?: number;
  quiet: boolean;
}

/** Parses 500ms, 30s, 2m, 1h or a bare number of seconds. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null)
    throw new UsageError(`${flag}: expected a duration like 500ms, 30s, 2m or 1h, got '${text}'`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

function parseCount(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(`${flag}: expected an integer >= ${min}, got '${text}'`);
  return Number(text);
}

export function parseCommon(command: string, argv: string[]): CommonOptions {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        cmd: { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        dtype: { type: 'string' },
        only: { type: 'string' },
        timeout: { type: 'string' },
        replay: { type: 'string' },
        'report-json': { type: 'string' },
        'report-junit': { type: 'string' },
        time: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const str = (k: string) => v[k] as string | undefined;
  if (parsed.positionals.length > 1)
    throw new UsageError(
      `${command}: expected at most one implementation, got ${parsed.positionals.join(' ')}`,
    );
  if (parsed.positionals.length === 1 && str('cmd') !== undefined)
    throw new UsageError(`${command}: give a module path or --cmd, not both`);
  const dtype = str('dtype');
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64')
    throw new UsageError(`--dtype: expected float32 or float64, got '${dtype}'`);
  if (command === 'check' && str('time') !== undefined)
    throw new UsageError('--time is an option of fuzz, not check');
  if (command === 'fuzz' && str('time') === undefined)
    throw new UsageError('fuzz: --time <duration> is required, e.g. --time 60s');
  const seed = str('seed');
  if (seed !== undefined && !/^-?\d+$/.test(seed))
    throw new UsageError(`--seed: expected an integer, got '${seed}'`);
  return {
    implementation: parsed.positionals[0],
    cmd: str('cmd'),
    seed: seed === undefined ? (command === 'fuzz' ? Date.now() % 2 ** 31 : 42) : Number(seed),
    runs: str('runs') === undefined ? 100 : parseCount('--runs', str('runs')!, 1),
    dtypes: dtype === undefined ? ['float32', 'float64'] : [dtype],
    only: str('only'),
    timeoutMs: str('timeout') === undefined ? 30_000 : parseDuration('--timeout', str('timeout')!),
    replay: str('replay'),
    reportJson: str('report-json'),
    reportJunit: str('report-junit'),
    timeMs: str('time') === undefined ? undefined : parseDuration('--time', str('time')!),
    quiet: v.quiet === true,
  };
}
