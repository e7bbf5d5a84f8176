// What bounds a run: an overall budget, a stop after consecutive timeouts, signals and fuzz time.
// Every call of the implementation goes through one guard, so one place decides when a run must stop.

/** Why a run stopped before its checks were done. */
export type StopReason =
  | { kind: 'signal'; signal: 'SIGINT' | 'SIGTERM' }
  | { kind: 'budget'; budgetMs: number }
  | { kind: 'timeouts'; count: number }
  /** fuzz: --time ran out. Not incompleteness by itself: fuzz judges rounds that finished. */
  | { kind: 'time'; timeMs: number };

export interface GuardLimits {
  /** Stop after this many calls in a row timed out (default 3). */
  maxConsecutiveTimeouts: number;
  /** Stop when the run has taken this long (undefined: no budget). */
  budgetMs?: number;
}

export const DEFAULT_MAX_TIMEOUTS = 3;

/**
 * One per run. A hard stop (signal, budget, timeouts) aborts the calls in flight at once; the soft stop of fuzz
 * (its time ran out) only keeps new work from starting, so the call in flight and the diagnosis still finish.
 * A hard stop after a soft one replaces it as the reason.
 */
export class RunGuard {
  private readonly controller = new AbortController();
  private reason: StopReason | null = null;
  private consecutiveTimeouts = 0;
  private readonly budgetTimer: NodeJS.Timeout | undefined;
  private readonly listeners: ((reason: StopReason) => void)[] = [];

  constructor(readonly limits: GuardLimits = { maxConsecutiveTimeouts: DEFAULT_MAX_TIMEOUTS }) {
    const ms = limits.budgetMs;
    if (ms !== undefined && ms < 2 ** 31) {
      // Unref'd: the run itself keeps the process alive; the budget only ends it sooner.
      this.budgetTimer = setTimeout(() => this.stop({ kind: 'budget', budgetMs: ms }), ms).unref();
    }
  }

  /** Aborted at a hard stop; calls in flight race against it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** No new check or case may start (hard or soft stop). */
  get stopped(): boolean {
    return this.reason !== null;
  }

  /** Calls in flight are cut short (hard stop only). */
  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  get stopReason(): StopReason | null {
    return this.reason;
  }

  /** Stops the run. The first hard reason is the one reported; it replaces an earlier soft (time) stop. */
  stop(reason: StopReason): void {
    if (this.aborted) return;
    if (reason.kind === 'time') {
      if (this.reason !== null) return;
      this.reason = reason;
    } else {
      this.reason = reason;
      this.controller.abort();
    }
    for (const listener of this.listeners) listener(reason);
  }

  /** Calls `listener` at every stop, soft or hard (to pass it on to worker threads). */
  onStop(listener: (reason: StopReason) => void): void {
    this.listeners.push(listener);
  }

  /** The implementation answered (a result or a rejection): the timeout streak is over. */
  noteAnswer(): void {
    this.consecutiveTimeouts = 0;
  }

  /** A call timed out; enough of them in a row stop the run. */
  noteTimeout(): void {
    this.consecutiveTimeouts++;
    if (this.consecutiveTimeouts >= this.limits.maxConsecutiveTimeouts) {
      this.stop({ kind: 'timeouts', count: this.consecutiveTimeouts });
    }
  }

  dispose(): void {
    clearTimeout(this.budgetTimer);
  }
}

/** One line for reports. */
export function describeStop(reason: StopReason): string {
  switch (reason.kind) {
    case 'signal':
      return `stopped by ${reason.signal}`;
    case 'budget':
      return `stopped when the budget of ${formatMs(reason.budgetMs)} ran out`;
    case 'timeouts':
      return `stopped after ${reason.count} calls in a row timed out`;
    case 'time':
      return `fuzz time of ${formatMs(reason.timeMs)} ran out`;
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${+(ms / 1000).toFixed(1)} s`;
  return `${+(ms / 60_000).toFixed(1)} min`;
}
