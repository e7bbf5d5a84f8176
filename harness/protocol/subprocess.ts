// An implementation in any language, run as a child process speaking spec/protocol.md and kept alive across
// requests. A crash, exit, timeout, bad line or oversized line fails that request only: the process is killed
// (its whole process group) and restarted with a new hello for the next one.

import type { GruBackwardRequest, GruBackwardResponse } from '../contract/backward-request.js';
import type { GruCellRequest, GruCellResponse } from '../contract/cell-request.js';
import { RejectedCallError } from '../contract/failures.js';
import type { Implementation, InitRequest } from '../contract/implementation.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { DEFAULT_TIMEOUT_MS } from '../run-defaults.js';
import { Child, loadExeca } from './child.js';
import { answerLineLimit, LONGEST_LINE_BYTES } from './line-limit.js';
import type { Settings, SpawnOptions } from './spawn-options.js';
import {
  ENCODINGS,
  type Encoding,
  encodeLine,
  encodeMessage,
  type HarnessMessage,
  type ImplementationMessage,
  PROTOCOL,
  VERSIONS,
} from './wire.js';

export { type FailureKind, ImplementationFailure, RejectedCallError } from '../contract/failures.js';

export type { Settings, SpawnOptions } from './spawn-options.js';

type Hello = Extract<ImplementationMessage, { type: 'hello' }>;

/** An implementation behind the protocol, with what its hello settled. */
export interface SubprocessImplementation extends Implementation {
  /** The version the implementation answered the hello with. */
  readonly protocol: string;
  /** The tensor encoding both sides write: base64-f64le when the implementation asked for it, else json. */
  readonly encoding: Encoding;
  /** How many processes have been started: 1, plus one per restart after a failure. */
  readonly starts: number;
}

/** The line limit for hellos and errors, and the least one for answers, unless maxLineBytes is given. */
const DEFAULT_LINE_BYTES = 64 * 2 ** 20;

/** Starts the command, does the hello exchange and returns it as an Implementation. */
export async function spawnImplementation(
  command: string[] | string,
  options: SpawnOptions = {},
): Promise<SubprocessImplementation> {
  const { parseCommandString } = await loadExeca();
  const argv = typeof command === 'string' ? parseCommandString(command) : [...command];
  if (argv.length === 0) throw new Error('spawnImplementation: empty command');
  const client = new Client(argv, options);
  const hello = await client.start();
  const impl: SubprocessImplementation = {
    name: hello.name,
    version: hello.version,
    capabilities: hello.capabilities,
    get protocol() {
      return client.protocol;
    },
    get encoding() {
      return client.encoding;
    },
    get starts() {
      return client.starts;
    },
    forward: (request) => client.forward(request),
    close: () => client.close(),
  };
  if (hello.capabilities.init) impl.init = (request) => client.init(request);
  // The cell is a version-2 capability: a version-1 implementation speaks only forward and init.
  if (hello.capabilities.cell && hello.protocol !== PROTOCOL)
    impl.forwardCell = (request) => client.forwardCell(request);
  else if (impl.capabilities?.cell) impl.capabilities = { ...impl.capabilities, cell: false };
  // So are gradients.
  if (hello.capabilities.backward && hello.protocol !== PROTOCOL)
    impl.backward = (request) => client.backward(request);
  else if (impl.capabilities?.backward) impl.capabilities = { ...impl.capabilities, backward: false };
  return impl;
}

/** One request at a time, over whichever process is alive; restarts it when it is not. */
class Client {
  protocol: string = PROTOCOL;
  encoding: Encoding = 'json';
  starts = 0;
  private child: Child | null = null;
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private readonly settings: Settings;
  /** Without a given maxLineBytes, each answer's limit is derived from its request. */
  private readonly deriveLineLimits: boolean;

  constructor(
    private readonly argv: string[],
    options: SpawnOptions,
  ) {
    const maxLineBytes = Math.min(options.maxLineBytes ?? DEFAULT_LINE_BYTES, LONGEST_LINE_BYTES);
    this.settings = { timeoutMs: DEFAULT_TIMEOUT_MS, ...options, maxLineBytes };
    this.deriveLineLimits = options.maxLineBytes === undefined;
  }

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

  forwardCell(request: GruCellRequest): Promise<GruCellResponse> {
    return this.serial(async () => {
      const reply = await this.call((id) => ({ type: 'cell', id, request }));
      if (reply.type === 'state') return reply.response;
      if (reply.type === 'error') throw new RejectedCallError(reply.error.message, reply.error.clause);
      throw this.child!.failWith('protocol', `answered a cell request with a ${reply.type} message`);
    });
  }

  backward(request: GruBackwardRequest): Promise<GruBackwardResponse> {
    return this.serial(async () => {
      const reply = await this.call((id) => ({ type: 'backward', id, request }));
      if (reply.type === 'gradients') return reply.response;
      if (reply.type === 'error') throw new RejectedCallError(reply.error.message, reply.error.clause);
      throw this.child!.failWith('protocol', `answered a backward request with a ${reply.type} message`);
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

  /**
   * Starts the process and does the hello: `protocol` names version 1, which every implementation speaks,
   * `versions` and `encodings` offer the rest; the implementation's answer settles the version and encoding.
   */
  private async connect(): Promise<Hello> {
    const child = new Child(this.argv, this.settings);
    this.child = child;
    this.starts += 1;
    const encodings = this.settings.encodings ?? [...ENCODINGS];
    const offer = { type: 'hello' as const, protocol: PROTOCOL, versions: [...VERSIONS], encodings };
    const reply = await child.exchange(encodeMessage(offer), null, 'the hello');
    if (reply.type === 'error') throw child.failWith('protocol', `refused the hello: ${reply.error.message}`);
    if (reply.type !== 'hello')
      throw child.failWith('protocol', `answered the hello with a ${reply.type} message`);
    if (!VERSIONS.includes(reply.protocol)) {
      throw child.failWith('protocol', `speaks ${reply.protocol}, the harness speaks ${VERSIONS.join(', ')}`);
    }
    // A version-1 answer has no encoding: its tensors are JSON numbers.
    const encoding = reply.protocol === PROTOCOL ? 'json' : (reply.encoding ?? 'json');
    if (!(encodings as string[]).includes(encoding)) {
      throw child.failWith(
        'protocol',
        `asked for the tensor encoding ${JSON.stringify(encoding)}; the harness offered ${encodings.join(', ')}`,
      );
    }
    this.protocol = reply.protocol;
    this.encoding = encoding as Encoding;
    return reply;
  }

  private async call(
    message: (id: number) => Extract<HarnessMessage, { type: 'forward' | 'init' | 'cell' | 'backward' }>,
  ): Promise<ImplementationMessage> {
    if (this.closed) throw new Error(`implementation ${this.argv.join(' ')} is closed`);
    if (this.child === null || this.child.dead) await this.connect();
    const id = ++this.nextId;
    const m = message(id);
    const limit = this.deriveLineLimits
      ? answerLineLimit(m, this.encoding, this.settings.maxLineBytes)
      : this.settings.maxLineBytes;
    return this.child!.exchange(encodeLine(m, this.encoding), id, `request ${id}`, limit);
  }
}
