#!/usr/bin/env node
// gru-conformance: the command line. Exit 0 conformant, 1 not conformant, 2 usage or harness error.
import { writeFileSync } from 'node:fs';
import { oracleImplementation } from '../implementations/oracle.js';
import { defaultProfile, parseReplay, selectChecks } from '../profile.js';
import { serve } from '../protocol/serve.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderTerminal } from '../report/terminal.js';
import type { Report } from '../report/types.js';
import { runChecks, SUITE_VERSION } from '../runner.js';
import { type CommonOptions, parseCommon, UsageError } from './args.js';
import { runFuzz } from './fuzz.js';
import { HELP } from './help.js';
import { loadImplementation } from './load.js';

function writeReports(report: Report, opts: CommonOptions): void {
  if (opts.reportJson) writeFileSync(opts.reportJson, renderJson(report));
  if (opts.reportJunit) writeFileSync(opts.reportJunit, renderJunit(report));
}

function describeTarget(opts: CommonOptions): string {
  if (opts.cmd) return `gru-conformance check --cmd '${opts.cmd}'`;
  return `gru-conformance check${opts.implementation ? ` ${opts.implementation}` : ''}`;
}

async function check(argv: string[]): Promise<number> {
  const opts = parseCommon('check', argv);
  const replay = opts.replay ? parseReplay(opts.replay) : undefined;
  const checks = selectChecks(defaultProfile(), opts.only, replay?.checkId);
  const impl = await loadImplementation(opts);
  try {
    if (!opts.quiet) {
      console.log(
        `gru-conformance ${SUITE_VERSION}: checking ${impl.name}${impl.version ? ` ${impl.version}` : ''}: ${checks.length} checks, seed ${opts.seed}, ${opts.runs} runs per property`,
      );
    }
    const report = await runChecks(impl, checks, {
      seed: opts.seed,
      runs: opts.runs,
      dtypes: opts.dtypes,
      only: opts.only,
      replay: replay ? { token: opts.replay!, seed: replay.seed, path: replay.path } : undefined,
    });
    writeReports(report, opts);
    const text = renderTerminal(report, describeTarget(opts));
    console.log(opts.quiet ? text.split('\n').at(-1) : text);
    return report.verdict === 'conformant' ? 0 : 1;
  } finally {
    await impl.close?.();
  }
}

async function fuzz(argv: string[]): Promise<number> {
  const opts = parseCommon('fuzz', argv);
  const impl = await loadImplementation(opts);
  try {
    const report = await runFuzz(impl, opts);
    writeReports(report, opts);
    console.log(renderTerminal(report, describeTarget(opts)));
    return report.summary.failed > 0 ? 1 : 0;
  } finally {
    await impl.close?.();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest);
    case 'fuzz':
      return fuzz(rest);
    case 'oracle':
      if (rest.length !== 1 || rest[0] !== 'serve')
        throw new UsageError(`oracle: expected 'oracle serve', got 'oracle ${rest.join(' ')}'`);
      await serve(oracleImplementation, process.stdin, process.stdout);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    case '--version':
      console.log(SUITE_VERSION);
      return 0;
    default:
      throw new UsageError(`unknown command '${command}' (expected check, fuzz, oracle serve or help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usage = e instanceof UsageError || (e instanceof Error && e.message.startsWith('--'));
    console.error(
      `gru-conformance: ${usage ? (e as Error).message : `harness error: ${(e as Error)?.stack ?? e}`}`,
    );
    process.exitCode = 2;
  },
);
