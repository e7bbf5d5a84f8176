// One CLI run of check or fuzz: its guard, its signal handlers, the outcomes so far, and the reports, which are
// written in every case: at the end, after a setup failure, at a second signal, or when the process ends early.
import { writeFileSync } from 'node:fs';
import type { CheckOutcome } from '../checks/types.js';
import type { Implementation } from '../contract/implementation.js';
import { writeDump } from '../report/dump.js';
import { renderHtml, renderHtmlPage } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import type { Report } from '../report/types.js';
import { RunGuard } from '../run-guard.js';
import { buildReport } from '../runner.js';
import type { Shard, ShardRecord } from '../shard/shard.js';
import type { CommonOptions } from './args.js';
import { exitStatus } from './exit-status.js';
import { fuzzOptions } from './fuzz.js';

export class Session {
  readonly guard: RunGuard;
  /** Outcomes as checks finish (in profile order), for a report written before the run ends. */
  private readonly finishedOutcomes: (CheckOutcome | undefined)[] = [];
  private impl: Pick<Implementation, 'name' | 'version' | 'capabilities'>;
  private finished = false;
  private readonly removeHandlers: () => void;
  /** --shard k/n, with the size of the whole run, once the checks are selected. */
  shard?: ShardRecord;

  constructor(
    readonly opts: CommonOptions,
    targetName: string,
  ) {
    this.impl = { name: targetName };
    this.guard = new RunGuard({ maxConsecutiveTimeouts: opts.maxTimeouts, budgetMs: opts.budgetMs });
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
      if (this.guard.stopReason?.kind === 'signal') {
        // A second signal: do not wait for the run to wind down.
        this.emergency(`a second ${signal} ended the process`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      this.guard.stop({ kind: 'signal', signal });
    };
    const onExit = () => {
      if (this.finished) return;
      // Something ended the process before the run did (process.exit in an implementation, say): never 0.
      this.emergency('the process ended before the run finished');
      if (process.exitCode === 0 || process.exitCode === undefined) process.exitCode = 2;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', onExit);
    this.removeHandlers = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', onExit);
    };
  }

  /** Keeps the outcome of check `index` as it finishes. */
  record(outcome: CheckOutcome, index: number): void {
    this.finishedOutcomes[index] = outcome;
  }

  get outcomes(): CheckOutcome[] {
    return this.finishedOutcomes.filter((o) => o !== undefined);
  }

  /** Records which part of the whole run this is (nothing for a whole run); fuzz splits its rounds. */
  setShard(shard: Shard | undefined, total: number, partition?: 'rounds'): void {
    this.shard = shard ? { ...shard, total, ...(partition ? { partition } : {}) } : undefined;
  }

  /** The implementation once loaded (reports name it and its capabilities). */
  setImplementation(impl: Implementation): void {
    this.impl = impl;
  }

  /** Writes the reports the options ask for (an HTML page without plots: drawing them takes a while). */
  write(report: Report, html?: string): void {
    if (this.opts.reportJson) writeFileSync(this.opts.reportJson, renderJson(report));
    if (this.opts.reportJunit) writeFileSync(this.opts.reportJunit, renderJunit(report));
    if (this.opts.reportHtml)
      writeFileSync(
        this.opts.reportHtml,
        html ?? renderHtmlPage(report, `gru-conformance check <${report.implementation.name}>`),
      );
  }

  /** Ends a run that got to its end: the reports, the HTML one with its plots; returns the exit status. */
  async complete(report: Report, command: string): Promise<number> {
    const html = this.opts.reportHtml ? await renderHtml(report, command) : undefined;
    this.write(report, html);
    this.dump(report, command);
    this.finished = true;
    this.dispose();
    return exitStatus(report);
  }

  /** Ends the run with its report: writes it, and returns the exit status it implies. */
  finish(report: Report): number {
    this.write(report);
    this.dump(report, 'gru-conformance check');
    this.finished = true;
    this.dispose();
    return exitStatus(report);
  }

  /**
   * --dump: the failing checks' cases. A dump that cannot be written is said on stderr; the verdict stands (the
   * reports are written already).
   */
  private dump(report: Report, command: string): void {
    if (this.opts.dump === undefined) return;
    try {
      const t0 = performance.now();
      const d = writeDump(this.opts.dump, report, { command });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      if (!this.opts.quiet)
        console.error(
          `gru-conformance: dumped ${d.cases} failing case${d.cases === 1 ? '' : 's'} to ${d.dir} (${d.files} files, ${(d.bytes / 1e6).toFixed(1)} MB in ${secs} s; index.json lists them)`,
        );
    } catch (e) {
      console.error(`gru-conformance: --dump: could not write ${this.opts.dump}: ${(e as Error).message}`);
    }
  }

  /** A run that could not start (the implementation, the goldens): an incomplete report saying why. */
  failSetup(reason: string): number {
    return this.finish(this.partialReport([reason]));
  }

  dispose(): void {
    this.guard.dispose();
    this.removeHandlers();
  }

  private emergency(reason: string): void {
    try {
      this.write(this.partialReport([reason]));
    } catch {
      // nothing more can be done while the process ends
    }
    this.finished = true;
  }

  private partialReport(reasons: string[]): Report {
    const o = this.opts;
    return buildReport(
      this.impl as Implementation,
      this.outcomes,
      {
        seed: o.seed,
        seedSource: o.seedSource,
        runs: o.runs,
        dtypes: o.dtypes,
        only: o.only,
        skip: o.skip,
        // Only fuzz has --time or --rounds.
        ...(o.timeMs !== undefined || o.rounds !== undefined ? { fuzz: fuzzOptions(o) } : {}),
        shard: this.shard,
      },
      { stop: this.guard.stopReason, reasons },
    );
  }
}
