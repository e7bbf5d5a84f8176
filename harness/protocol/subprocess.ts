// An implementation in any language, run as a child process speaking spec/protocol.md and kept alive across
// requests. A crash, exit, timeout, bad line or oversized line fails that request only: the process is killed
// (its whole process group) and restarted with a new hello for the next one.
import { parseCommandString } from 'execa';
import type { Implementation, InitRequest } from '../implementation.js';
import type { GruRequest, GruResponse } from '../request.js';
import { Child } from './child.js';
import { RejectedCallError } from './failures.js';
import { encodeMessage, type HarnessMessage, type ImplementationMessage, PROTOCOL } from './wire.js';

export { type FailureKind, ImplementationFailure, RejectedCallError } from './failures.js';

export interface SpawnOptions {
  /** Per request, the hello included. Default 30 s; Infinity for no limit. */
  timeoutMs?: number;
  /** Longest stdout line accepted, in bytes. Default 64 MiB. */
  maxLineBytes?: number;
  cwd?: string;
  /** Added to the harness's environment. */
  env?: Record<string, string | undefined>;
}

export type Settings = Required<Pick<SpawnOptions, 'timeoutMs' | 'maxLineBytes'>> & SpawnOptions;
type Hello = Extract<ImplementationMessage, { type: 'hello' }>;

/** Starts the command, does the hello exchange and returns it as an Implementation. */
export async function spawnImplementation(
  command: string[] | string,
  options: SpawnOptions = {},
): Promise<Implementation> {
  const argv = typeof command === 'string' ? parseCommandString(command) : [...command];
  if (argv.length === 0) throw new Error('spawnImplementation: empty command');
  const settings = { timeoutMs: 30_000, maxLineBytes: 64 * 2 ** 20, ...options };
  const client = new Client(argv, settings);
  const hello = await client.start();
  const impl: Implementation = {
    name: hello.name,
    version: hello.version,
    capabilities: hello.capabilities,
    forward: (request) => client.forward(request),
    close: () => client.close(),
  };
  if (hello.capabilities.init) impl.init = (request) => client.init(request);
  return impl;
}

/** One request at a time, over whichever process is alive; restarts it when it is not. */
class Client {
  private child: Child | null = null;
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly argv: string[],
    private readonly settings: Settings,
  ) {}

  start(): Promise<Hello> {
    return this.serial(() => this.connect());
  }

  forward(request: GruRequest): Promise<GruResponse> {
    return this.serial(async () => {
      const reply = await this.call((id) => ({ type: 'forward', id, request }));
      if (reply.type === 'result') return reply.response;
      if (reply.type === 'error') throw new RejectedCallError(reply.error.message, reply.error.clause);
      throw this.child!.failWith('protocol', `answered a forward request with a ${reply.type} message`);
    });
  }

  init(request: InitRequest): Promise<GruRequest['parameters']> {
    return this.serial(async () => {
      const reply = await this.call((id) => ({ type: 'init', id, request }));
      if (reply.type === 'parameters') return reply.parameters;
      if (reply.type === 'error') throw new RejectedCallError(reply.error.message, reply.error.clause);
      throw this.child!.failWith('protocol', `answered an init request with a ${reply.type} message`);
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      await this.child?.close();
    });
  }

  /** Runs op after every earlier request has settled: one request in flight at a time. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.queue.then(op);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async connect(): Promise<Hello> {
    const child = new Child(this.argv, this.settings);
    this.child = child;
    const reply = await child.exchange(
      encodeMessage({ type: 'hello', protocol: PROTOCOL }),
      null,
      'the hello',
    );
    if (reply.type === 'error') throw child.failWith('protocol', `refused the hello: ${reply.error.message}`);
    if (reply.type !== 'hello')
      throw child.failWith('protocol', `answered the hello with a ${reply.type} message`);
    if (reply.protocol !== PROTOCOL) {
      throw child.failWith('protocol', `speaks ${reply.protocol}, the harness speaks ${PROTOCOL}`);
    }
    return reply;
  }

  private async call(message: (id: number) => HarnessMessage): Promise<ImplementationMessage> {
    if (this.closed) throw new Error(`implementation ${this.argv.join(' ')} is closed`);
    if (this.child === null || this.child.dead) await this.connect();
    const id = ++this.nextId;
    return this.child!.exchange(encodeMessage(message(id)), id, `request ${id}`);
  }
}
