// Progress on stderr while a run goes: on a terminal one line rewritten in place; elsewhere (CI logs) plain
// lines, no carriage return, at most one every few seconds, and always the last.
import type { CheckOutcome } from '../checks/types.js';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** How often a log (not a terminal) gets a line. */
export const LOG_INTERVAL_MS = 5000;

/** Writes progress lines: in place on a terminal, rate-limited plain lines elsewhere. */
export class ProgressLine {
  private last = Number.NEGATIVE_INFINITY;
  private shown = false;
  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Shows a line; `force`: even in a log within the interval (a new family, the end). */
  show(line: string, force = false): void {
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\u001b[K`);
      this.shown = true;
      return;
    }
    const t = this.now();
    if (!force && t - this.last < LOG_INTERVAL_MS) return;
    this.last = t;
    this.stream.write(`${line}\n`);
  }

  /** Ends the line on a terminal, so what follows starts on a fresh one. */
  end(): void {
    if (this.stream.isTTY && this.shown) this.stream.write('\n');
    this.shown = false;
  }
}

/** check: checks done of the total, the family of the last one, failures so far. */
export function checkProgress(stream: ProgressStream, total: number) {
  const line = new ProgressLine(stream);
  let done = 0;
  let failed = 0;
  let family: string | undefined;
  return {
    onCheck(o: CheckOutcome): void {
      done++;
      if (o.status === 'fail') failed++;
      const newFamily = o.family !== family;
      family = o.family;
      line.show(
        `check ${done}/${total}: ${o.family} (${o.id}), ${failed} failed`,
        newFamily || done === total,
      );
    },
    end: () => line.end(),
  };
}
