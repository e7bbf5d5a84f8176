// An in-process (JavaScript or TypeScript) implementation run in its own worker thread, so that it cannot
// reach the judge: it gets structured-clone copies of the requests, its globals (Math, typed-array methods)
// are its own, process.exit() ends only its thread, and a call that never returns, even a synchronous
// infinite loop, is cut off by terminating the thread. The thread is restarted for the next request.

import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import type { GruCellRequest } from '../contract/cell-request.js';
import { ImplementationFailure, RejectedCallError } from '../contract/failures.js';
import type { Capabilities, Implementation, InitRequest } from '../contract/implementation.js';
import { ImplementationShapeError, implementationProblems } from '../contract/implementation-shape.js';
import type { GruRequest } from '../contract/request.js';
import { requestChangedMessage } from '../contract/request-changes.js';
import { copiesRequests } from '../contract/safe-call.js';
import { DEFAULT_TIMEOUT_MS } from '../run-defaults.js';
import { within } from '../within.js';
import type { ToHost, ToWorker } from './messages.js';
import { startWorker } from './start-worker.js';

const OUTPUT_KEEP = 8192;
const CLOSE_GRACE_MS = 1000;
/** Loading a module (compiling TypeScript, say) may take longer than a request is allowed to. */
const LOAD_TIMEOUT_MS = 60_000;

export interface IsolationOptions {
  /** Per request, and for loading the module. Default 30 s. */
  timeoutMs?: number;
  /** Where the implementation's console output goes (default: the harness's stderr). */
  onOutput?: (text: string) => void;
}

type Ready = Extract<ToHost, { type: 'ready' }>;

interface Pending {
  id: number;
  what: string;
  resolve: (m: ToHost) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** The implementation's thread: worker-entry.ts, its console output kept apart from the harness's. */
function startImplementationWorker(modulePath: string): Worker {
  return startWorker(import.meta.url, 'worker-entry', {
    workerData: { modulePath },
    stdout: true,
    stderr: true,
  });
}

class WorkerHost {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private output = '';
  private closed = false;

  constructor(
    private readonly modulePath: string,
    private readonly timeoutMs: number,
    private readonly onOutput: (text: string) => void,
  ) {}

  /** Starts a thread and waits for the module to load. */
  start(): Promise<Ready> {
    return this.serial(() => this.connect());
  }

  call(
    type: 'forward' | 'init' | 'cell' | 'backward',
    request: GruRequest | InitRequest | GruCellRequest | GruBackwardRequest,
  ): Promise<unknown> {
    return this.serial(async () => {
      if (this.closed) throw new Error(`implementation ${this.modulePath} is closed`);
      if (this.worker === null) await this.connect();
      const id = ++this.nextId;
      const reply = await this.exchange({ type, id, request } as ToWorker, id, `request ${id}`);
      if (reply.type === 'value') return reply.value;
      if (reply.type === 'rejected') throw new RejectedCallError(reply.message, reply.clause);
      if (reply.type === 'changed-request')
        throw new ImplementationFailure('protocol', this.describe(requestChangedMessage(reply.message)));
      if (reply.type === 'unreadable') {
        throw this.failWith(
          'protocol',
          `returned a value that cannot be copied out of its thread: ${reply.message}`,
        );
      }
      throw this.failWith('protocol', `answered request ${id} with a ${reply.type} message`);
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      const worker = this.worker;
      if (worker === null) return;
      await within(this.exchange({ type: 'close' }, -1, 'close'), CLOSE_GRACE_MS);
      this.stop();
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.queue.then(op);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async connect(): Promise<Ready> {
    const worker = startImplementationWorker(this.modulePath);
    this.worker = worker;
    worker.on('message', (m: unknown) => this.onMessage(worker, m));
    worker.on('messageerror', (e) =>
      this.fail(worker, 'protocol', `sent a message that cannot be read: ${e.message}`),
    );
    worker.on('error', (e) => this.fail(worker, 'crash', `threw outside a call: ${e?.message ?? e}`));
    worker.on('exit', (code) => {
      const how =
        code === 0
          ? 'ended its thread (process.exit(0) or an empty event loop)'
          : `ended its thread with exit code ${code}`;
      this.fail(worker, code === 0 ? 'exit' : 'crash', how);
    });
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.output = (this.output + text).slice(-OUTPUT_KEEP);
        this.onOutput(text);
      });
    }
    const reply = await this.exchange(
      null,
      0,
      'loading the module',
      Math.max(this.timeoutMs, LOAD_TIMEOUT_MS),
    );
    if (reply.type === 'load-error') {
      this.stop();
      throw new Error(reply.message);
    }
    if (reply.type !== 'ready')
      throw this.failWith('protocol', `answered the load with a ${reply.type} message`);
    return reply;
  }

  /** Posts a message (none for the load) and waits for the reply with `id` (0: the ready message). */
  private exchange(message: ToWorker | null, id: number, what: string, ms = this.timeoutMs): Promise<ToHost> {
    const worker = this.worker;
    if (worker === null)
      return Promise.reject(new ImplementationFailure('exit', this.describe(`is not running for ${what}`)));
    return new Promise((resolve, reject) => {
      const expire = () =>
        this.fail(
          worker,
          'timeout',
          `gave no answer to ${what} within ${ms} ms (its thread was ended)`,
          false,
        );
      const timer = ms < 2 ** 31 ? setTimeout(expire, ms) : undefined;
      this.pending = { id, what, resolve, reject, timer };
      worker.ref();
      if (message !== null) worker.postMessage(message);
    });
  }

  private onMessage(worker: Worker, raw: unknown): void {
    if (worker !== this.worker) return;
    const m = raw as ToHost;
    const p = this.pending;
    if (typeof m !== 'object' || m === null || typeof m.type !== 'string') {
      this.fail(worker, 'protocol', 'posted a message that is not a reply');
      return;
    }
    const id = m.type === 'ready' || m.type === 'load-error' ? 0 : m.type === 'closed' ? -1 : m.id;
    if (p === null || id !== p.id) {
      this.fail(
        worker,
        'protocol',
        `posted a ${m.type} message${p === null ? ' with no request in flight' : ` for ${id} while ${p.what} was in flight`}`,
      );
      return;
    }
    this.settle();
    p.resolve(m);
  }

  /** Rejects the request in flight (if any) with an ImplementationFailure and ends the thread. */
  private fail(worker: Worker, kind: ImplementationFailure['kind'], message: string, sayWhat = true): void {
    if (worker !== this.worker) return;
    const p = this.pending;
    this.settle();
    this.stop();
    const full = p !== null && sayWhat ? `${message} while ${p.what} was in flight` : message;
    if (p !== null) p.reject(new ImplementationFailure(kind, this.describe(full)));
  }

  failWith(kind: ImplementationFailure['kind'], message: string): ImplementationFailure {
    this.stop();
    return new ImplementationFailure(kind, this.describe(message));
  }

  private settle(): void {
    if (this.pending !== null) clearTimeout(this.pending.timer);
    this.pending = null;
    this.worker?.unref();
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) void worker.terminate();
  }

  private describe(message: string): string {
    const lines = this.output.trimEnd().split('\n').slice(-30);
    const tail = this.output.trim() === '' ? '' : `\nlast output lines:\n  ${lines.join('\n  ')}`;
    return `implementation ${this.modulePath} ${message}${tail}`;
  }
}

/** Loads the module at `modulePath` in a worker thread and returns it as an Implementation. */
export async function isolatedImplementation(
  modulePath: string,
  options: IsolationOptions = {},
): Promise<Implementation> {
  const host = new WorkerHost(
    resolve(modulePath),
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options.onOutput ?? ((text) => process.stderr.write(text)),
  );
  const ready = await host.start();
  const capabilities: Capabilities | undefined = ready.capabilities;
  const impl: Implementation = {
    name: ready.name,
    version: ready.version,
    capabilities,
    forward: (request) => host.call('forward', request) as never,
    close: () => host.close(),
  };
  if (ready.hasInit) impl.init = (request) => host.call('init', request) as never;
  if (ready.hasCell) impl.forwardCell = (request) => host.call('cell', request) as never;
  if (ready.hasBackward) impl.backward = (request) => host.call('backward', request) as never;
  // What the thread declared is checked again here: its own realm may have been tampered with.
  const problems = implementationProblems(impl);
  if (problems.length > 0) {
    await host.close();
    throw new ImplementationShapeError(`${modulePath}: ${problems.join('; ')}`);
  }
  return copiesRequests(impl);
}
