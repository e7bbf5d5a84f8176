// gru-conformance merge: the reports of the shards of one run (--shard k/n) joined into the whole run's
// report, verdict and exit status; written as JSON, JUnit (and HTML) like a run's.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderTerminal } from '../report/terminal.js';
import { MergeError, mergeReports, type NamedReport, parseReport } from '../shard/merge.js';
import { checkReportPaths, UsageError } from './args.js';
import { EXIT_INCOMPLETE, exitStatus } from './exit-status.js';

const OPTIONS = {
  'report-json': { type: 'string' },
  'report-junit': { type: 'string' },
  'report-html': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

export interface MergeOptions {
  files: string[];
  reportJson?: string;
  reportJunit?: string;
  reportHtml?: string;
  quiet: boolean;
}

export function parseMerge(argv: string[]): MergeOptions {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`merge: ${(e as Error).message.split('\n')[0]}`);
  }
  const v = parsed.values;
  if (parsed.positionals.length === 0)
    throw new UsageError('merge: expected the JSON reports of the shards, e.g. merge shard-*.json');
  checkReportPaths(v);
  return {
    files: parsed.positionals,
    reportJson: v['report-json'],
    reportJunit: v['report-junit'],
    reportHtml: v['report-html'],
    quiet: v.quiet === true,
  };
}

function load(file: string): NamedReport {
  if (!existsSync(file)) throw new MergeError(`${file}: no such file`);
  return parseReport(file, readFileSync(file, 'utf8'));
}

export async function mergeCommand(argv: string[]): Promise<number> {
  const opts = parseMerge(argv);
  let merged: ReturnType<typeof mergeReports>;
  try {
    merged = mergeReports(opts.files.map(load));
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    console.error(`gru-conformance merge: ${e.message}`);
    return EXIT_INCOMPLETE;
  }
  const { report, missing } = merged;
  if (missing.length > 0)
    console.error(
      `gru-conformance merge: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing: the merged run is incomplete`,
    );
  if (opts.reportJson) writeFileSync(opts.reportJson, renderJson(report));
  if (opts.reportJunit) writeFileSync(opts.reportJunit, renderJunit(report));
  const command = `gru-conformance check <${report.implementation.name}>`;
  if (opts.reportHtml) writeFileSync(opts.reportHtml, await renderHtml(report, command));
  const text = renderTerminal(report, command);
  console.log(opts.quiet ? text.split('\n').at(-1) : text);
  return exitStatus(report);
}
