// Worker threads that run checks beside the main thread (--workers). Each has its own implementation instance
// and judge; the main thread hands out checks one at a time from a shared queue (runner.runOutcomes), forwards
// stops both ways, and puts each outcome in its check's place.
import type { Worker } from 'node:worker_threads';
import type { Check, CheckOutcome } from '../checks/types.js';
import { startWorker } from '../isolation/start-worker.js';
import type { RunGuard, StopReason } from '../run-guard.js';
import type { Lane, RunOptions } from '../runner.js';
import type { FromCheckWorker, ToCheckWorker, WorkerSetup } from './messages.js';

interface Busy {
  index: number;
  resolve: (o: CheckOutcome) => void;
  reject: (e: Error) => void;
}

class CheckWorker {
  private busy: Busy | null = null;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromCheckWorker) => {
      if (m.type !== 'outcome' || this.busy === null) return;
      const b = this.busy;
      this.busy = null;
      this.onStop?.(m.stop);
      b.resolve(m.outcome);
    });
    worker.on('error', (e) => this.busy?.reject(e));
    worker.on('exit', (code) => this.busy?.reject(new Error(`a check worker ended with exit code ${code}`)));
  }

  /** Told the stop reason (or null) that came back with each outcome. */
  onStop?: (stop: StopReason | null) => void;

  run(message: Extract<ToCheckWorker, { type: 'run' }>): Promise<CheckOutcome> {
    return new Promise((resolve, reject) => {
      this.busy = { index: message.index, resolve, reject };
      this.worker.postMessage(message);
    });
  }

  post(message: ToCheckWorker): void {
    this.worker.postMessage(message);
  }
}

export class CheckPool {
  private readonly guards = new WeakSet<RunGuard>();

  private constructor(private readonly workers: CheckWorker[]) {}

  get size(): number {
    return this.workers.length;
  }

  /** Starts `count` check workers and waits until each has its implementation; throws if one cannot. */
  static async start(count: number, setup: WorkerSetup): Promise<CheckPool> {
    const workers = Array.from({ length: count }, () =>
      startWorker(import.meta.url, 'check-worker', { workerData: setup, stdout: false, stderr: false }),
    );
    const ready = workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const onMessage = (m: FromCheckWorker) => {
            if (m.type === 'ready') resolve();
            else if (m.type === 'setup-error') reject(new Error(m.message));
            else return;
            w.off('message', onMessage);
          };
          w.on('message', onMessage);
          w.once('error', reject);
        }),
    );
    try {
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new CheckPool(workers.map((w) => new CheckWorker(w)));
  }

  /** One lane per worker; a stop of the run reaches every worker, and a worker's own stop reaches the run. */
  lanes(
    guard: RunGuard,
    options: Pick<RunOptions, 'seed' | 'runs' | 'dtypes' | 'replay' | 'strictClauses' | 'evidence'>,
  ): Lane[] {
    if (!this.guards.has(guard)) {
      this.guards.add(guard);
      guard.onStop((reason) => {
        for (const w of this.workers) w.post({ type: 'stop', reason });
      });
    }
    return this.workers.map((w) => {
      w.onStop = (stop) => {
        if (stop) guard.stop(stop);
      };
      return (check: Check, index: number) =>
        w.run({
          type: 'run',
          index,
          checkId: check.id,
          seed: options.seed,
          runs: options.runs,
          dtypes: options.dtypes,
          strictClauses: options.strictClauses === true,
          evidence: options.evidence === true,
          replay: options.replay ? { seed: options.replay.seed, path: options.replay.path } : undefined,
        });
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void w.worker.terminate().then(() => resolve()), 2000);
            w.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            w.post({ type: 'close' });
          }),
      ),
    );
  }
}
