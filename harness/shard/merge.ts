// Joins the JSON reports of the n shards of one run into the report of the whole run: same checks in the same
// order, the verdict recomputed by the runner's own rule. A shard missing makes the whole incomplete. check's
// shards hold disjoint checks; fuzz's shards hold every check, each over its own rounds, folded here as the
// unsharded run folds its rounds.
import { foldRounds } from '../checks/round-fold.js';
import type { CheckOutcome } from '../checks/types.js';
import type { Implementation } from '../contract/implementation.js';
import type { Report } from '../report/types.js';
import { describeStop, type StopReason } from '../run-guard.js';
import { buildReport, incompleteness } from '../runner.js';
import { type ShardRecord, shardSize, wholePosition } from './shard.js';

/** Reports that cannot be parts of one run: different implementations or options, overlapping shards. */
export class MergeError extends Error {}

export interface NamedReport {
  /** Where the report came from (a file name), for messages. */
  source: string;
  report: Report;
}

/** Parses a report as written by --report-json (non-finite numbers are strings there); a bad one is named. */
export function parseReport(source: string, text: string): NamedReport {
  let value: unknown;
  try {
    value = JSON.parse(text, (_k, v) =>
      v === 'Infinity' || v === '-Infinity' || v === 'NaN' ? Number(v) : v,
    );
  } catch (e) {
    throw new MergeError(`${source}: not JSON (${(e as Error).message})`);
  }
  const r = value as Partial<Report> | null;
  if (r === null || typeof r !== 'object' || r.format !== 'gru-conformance/report')
    throw new MergeError(`${source}: not a gru-conformance report (no "format": "gru-conformance/report")`);
  if (r.formatVersion !== 2)
    throw new MergeError(`${source}: report format version ${r.formatVersion}, expected 2`);
  return { source, report: r as Report };
}

const shardOfReport = (r: Report): ShardRecord =>
  r.options.shard ?? { index: 1, count: 1, total: r.checks.length };

/** What must be the same in every part of one run, each with its name for a message. */
function identity(r: Report): [string, unknown][] {
  const { shard, ...options } = r.options;
  return [
    ['implementation', r.implementation],
    ['suite', r.suite],
    ...Object.entries(options).map(([k, v]) => [`options.${k}`, v] as [string, unknown]),
    ['shard count', shard?.count ?? 1],
    ['what the shards split', shard?.partition ?? 'checks'],
    ['number of checks in the whole run', shardOfReport(r).total],
  ];
}

function sameIdentity(first: NamedReport, other: NamedReport): void {
  const mine = new Map(identity(other.report));
  const keys = new Set([...identity(first.report).map(([k]) => k), ...mine.keys()]);
  const theirs = new Map(identity(first.report));
  for (const key of keys) {
    const [a, b] = [JSON.stringify(theirs.get(key)), JSON.stringify(mine.get(key))];
    if (a !== b)
      throw new MergeError(
        `${other.source} is not a part of the same run as ${first.source}: ${key} differs (${b ?? 'absent'} vs ${a ?? 'absent'})`,
      );
  }
}

/** Why the parts are incomplete beyond what their outcomes say (stops, fuzz rounds), named by shard. */
function ownReasons(r: Report): string[] {
  const s = shardOfReport(r);
  const derived = new Set(incompleteness(r.checks, { stop: r.stop }));
  const stop = r.stop && r.stop.kind !== 'time' ? [describeStop(r.stop)] : [];
  const own = r.incomplete.filter((x) => !derived.has(x));
  return s.count === 1 ? own : [...stop, ...own].map((x) => `shard ${s.index}/${s.count}: ${x}`);
}

/** The stop that decides: one that makes a run incomplete (a signal first), else fuzz's time. */
function mergedStop(reports: Report[]): StopReason | undefined {
  const stops = reports.map((r) => r.stop).filter((s) => s !== undefined);
  return stops.find((s) => s.kind === 'signal') ?? stops.find((s) => s.kind !== 'time') ?? stops.at(0);
}

export interface Merged {
  report: Report;
  /** Shards not given (`k/n`): the merged report is incomplete. */
  missing: string[];
}

/** The outcomes of the whole run, and why it is incomplete, from its parts by shard index. */
interface Joined {
  outcomes: CheckOutcome[];
  reasons: string[];
  missing: string[];
}

/** check: each shard holds every n-th check; they go back to their places. */
function joinChecks(byIndex: Map<number, NamedReport>, count: number, total: number): Joined {
  const slots = new Array<CheckOutcome | undefined>(total);
  const reasons: string[] = [];
  const missing: string[] = [];
  for (let index = 1; index <= count; index++) {
    const part = byIndex.get(index);
    const size = shardSize({ index, count }, total);
    if (part === undefined) {
      missing.push(`${index}/${count}`);
      reasons.push(`shard ${index}/${count} is missing: its ${size} checks were not run`);
      continue;
    }
    const checks = part.report.checks;
    if (checks.length > size)
      throw new MergeError(
        `${part.source}: shard ${index}/${count} of ${total} checks holds ${checks.length} checks, expected at most ${size}`,
      );
    checks.forEach((o, j) => {
      slots[wholePosition({ index, count }, j)] = o;
    });
    reasons.push(...ownReasons(part.report));
  }
  const outcomes = slots.filter((o) => o !== undefined);
  const ids = new Set<string>();
  for (const o of outcomes) {
    if (ids.has(o.id)) throw new MergeError(`check ${o.id} appears in more than one shard`);
    ids.add(o.id);
  }
  return { outcomes, reasons, missing };
}

/** fuzz: every shard holds the run's checks, each over the shard's rounds; each check's outcomes are folded. */
function joinRounds(byIndex: Map<number, NamedReport>, count: number, total: number): Joined {
  const folded = new Map<string, CheckOutcome>();
  const reasons: string[] = [];
  const missing: string[] = [];
  for (let index = 1; index <= count; index++) {
    const part = byIndex.get(index);
    if (part === undefined) {
      missing.push(`${index}/${count}`);
      const rounds = count === 1 ? 'its rounds' : `its rounds (${index - 1}, ${index - 1 + count}, ...)`;
      reasons.push(`shard ${index}/${count} is missing: ${rounds} were not run`);
      continue;
    }
    if (part.report.checks.length > total)
      throw new MergeError(
        `${part.source}: a fuzz shard of a run of ${total} checks holds ${part.report.checks.length}`,
      );
    for (const o of part.report.checks) folded.set(o.id, foldRounds(folded.get(o.id), o));
    reasons.push(...ownReasons(part.report));
  }
  if (folded.size > total)
    throw new MergeError(`the fuzz shards hold ${folded.size} different checks, the run has ${total}`);
  // The checks in the run's order: that of the part that holds the most of them, then any others.
  const order = [...byIndex.values()].map((p) => p.report.checks).sort((a, b) => b.length - a.length);
  const ids = [...new Set(order.flat().map((o) => o.id))];
  return { outcomes: ids.map((id) => folded.get(id)!), reasons, missing };
}

/** The report of the whole run from its parts; throws MergeError for parts that cannot be joined. */
export function mergeReports(parts: NamedReport[]): Merged {
  if (parts.length === 0) throw new MergeError('merge: expected at least one report');
  const [first] = parts;
  for (const p of parts.slice(1)) sameIdentity(first, p);
  const { count, total, partition } = shardOfReport(first.report);
  const byIndex = new Map<number, NamedReport>();
  for (const p of parts) {
    const { index } = shardOfReport(p.report);
    const seen = byIndex.get(index);
    if (seen) throw new MergeError(`shard ${index}/${count} is given twice: ${seen.source} and ${p.source}`);
    byIndex.set(index, p);
  }
  const join = partition === 'rounds' ? joinRounds : joinChecks;
  const { outcomes, reasons, missing } = join(byIndex, count, total);
  const reports = parts.map((p) => p.report);
  const stop = mergedStop(reports);
  const { shard: _shard, ...options } = first.report.options;
  const report = buildReport(
    first.report.implementation as Implementation,
    outcomes,
    { ...options, replay: undefined, shard: undefined },
    { stop: stop ?? null, reasons },
  );
  report.implementation = first.report.implementation;
  report.suite = first.report.suite;
  report.options = options;
  if (reports.some((r) => r.rounds !== undefined))
    report.rounds = reports.flatMap((r) => r.rounds ?? []).sort((a, b) => a - b);
  // As the whole run words it: nn.GRU's diagnosis, then nn.GRUCell's, then the backward's, each from a failure of
  // its shard.
  const part = (f: string) => (f === 'cell' || f === 'grad' ? f : 'gru');
  const of = (which: string) =>
    outcomes.find((o) => part(o.family) === which && o.failure?.diagnosis)?.failure?.diagnosis;
  const found = [of('gru'), of('cell'), of('grad')].filter((d) => d !== undefined);
  const diagnosis = found.length > 0 ? found.join('; ') : reports.find((r) => r.diagnosis)?.diagnosis;
  if (diagnosis !== undefined) report.diagnosis = diagnosis;
  report.durationMs = reports.reduce((t, r) => t + r.durationMs, 0);
  // As a run stopped early: the failures found are listed, but the whole was not judged.
  if (missing.length > 0) report.verdict = 'incomplete';
  return { report, missing };
}
