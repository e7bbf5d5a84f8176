// One implementation process: writes request lines, splits stdout into lines, keeps the stderr tail, and
// kills everything it started (its process group, its descendants, whatever carries its environment marker)
// on any failure, at close, and when the harness exits.
import { isAscii } from 'node:buffer';
import { type FailureKind, ImplementationFailure } from '../contract/failures.js';
import { within } from '../within.js';
import { killTree, MARKER_VARIABLE, newMarker } from './process-tree.js';
import type { Settings } from './spawn-options.js';
import { decodeImplementationMessage, encodeMessage, type ImplementationMessage } from './wire.js';

const STDERR_KEEP = 8192;
const STDERR_LINES = 30;
const CLOSE_GRACE_MS = 1000;

interface Pending {
  id: number | null;
  what: string;
  resolve: (m: ImplementationMessage) => void;
  reject: (e: ImplementationFailure) => void;
  timer: NodeJS.Timeout | undefined;
  maxLineBytes: number;
}

/** Processes still alive (pid -> marker), killed when the harness exits so that no implementation outlives it. */
const live = new Map<number, string>();
let exitHookInstalled = false;

function track(pid: number | undefined, marker: string): void {
  if (pid === undefined) return;
  live.set(pid, marker);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [group, mark] of live) killTree(group, mark, true);
  });
}

/** One process: writes request lines, splits stdout into lines, keeps the stderr tail. */
export class Child {
  dead = false;
  private readonly proc: ReturnType<typeof launch>;
  private readonly exited: Promise<void>;
  private pending: Pending | null = null;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private stderrTail = '';
  private readonly marker = newMarker();
  private exitedAlready = false;

  constructor(
    private readonly argv: string[],
    private readonly settings: Settings,
  ) {
    this.proc = launch(argv, settings, this.marker);
    track(this.proc.pid, this.marker);
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    this.proc.stdin.on('error', () => undefined); // EPIPE after an exit: the exit itself is reported
    // The process's own exit, not the end of its streams: a descendant may hold stdout open long after.
    this.exited = new Promise<void>((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.onExit({ exitCode: code ?? undefined, signal: signal ?? undefined });
        resolve();
      });
      this.proc.then(
        (result) => {
          if (result.failed && result.exitCode === undefined && result.signal === undefined)
            this.onExit({ message: result.message });
          resolve();
        },
        (error: unknown) => {
          this.onExit({ message: String(error) });
          resolve();
        },
      );
    });
    this.hold(false);
  }

  /**
   * Writes one line (a string, or a Buffer holding the whole line, newline included) and resolves with the
   * reply to it (at most maxLineBytes long); rejects with an ImplementationFailure.
   */
  exchange(
    line: string | Buffer,
    id: number | null,
    what: string,
    maxLineBytes = this.settings.maxLineBytes,
  ): Promise<ImplementationMessage> {
    if (this.dead) return Promise.reject(this.failWith('exit', `had already exited before ${what}`));
    return new Promise((resolve, reject) => {
      const ms = this.settings.timeoutMs;
      const timer =
        ms < 2 ** 31 // setTimeout cannot wait longer; Infinity means no limit
          ? setTimeout(() => this.fail('timeout', `gave no answer to ${what} within ${ms} ms`), ms)
          : undefined;
      this.pending = { id, what, resolve, reject, timer, maxLineBytes };
      this.hold(true);
      this.proc.stdin.write(typeof line === 'string' ? `${line}\n` : line);
    });
  }

  /** Kills the process and returns the failure to throw. */
  failWith(kind: FailureKind, message: string): ImplementationFailure {
    this.kill();
    return new ImplementationFailure(kind, this.describe(message));
  }

  async close(): Promise<void> {
    if (!this.dead) {
      this.proc.stdin.end(`${encodeMessage({ type: 'bye' })}\n`);
      this.hold(true);
      await within(this.exited, CLOSE_GRACE_MS);
    }
    this.kill();
    await within(this.exited, CLOSE_GRACE_MS);
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1 && !this.dead; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.partBytes + piece.length > this.lineLimit()) {
        this.oversized();
        return;
      }
      const line = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
      this.parts = [];
      this.partBytes = 0;
      // The same string; decoding a large ASCII line (base64 tensors) as ASCII is about 10 times faster.
      this.onLine(line.toString(isAscii(line) ? 'ascii' : 'utf8'));
    }
    if (this.dead || start === chunk.length) return;
    this.parts.push(chunk.subarray(start));
    this.partBytes += chunk.length - start;
    if (this.partBytes > this.lineLimit()) this.oversized();
  }

  /** The request in flight may allow a longer answer than the default (subprocess.ts derives it). */
  private lineLimit(): number {
    return this.pending?.maxLineBytes ?? this.settings.maxLineBytes;
  }

  private oversized(): void {
    this.fail('oversized', `wrote a line longer than maxLineBytes = ${this.lineLimit()} bytes`);
  }

  private onLine(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const p = this.pending;
    const reply =
      p === null ? `wrote a line with no request in flight: ${preview(line)}` : this.reply(line, p);
    if (typeof reply === 'string') this.fail('protocol', reply);
    else {
      this.settle();
      p?.resolve(reply);
    }
  }

  /** The decoded reply to the pending request, or what is wrong with the line. */
  private reply(line: string, p: Pending): ImplementationMessage | string {
    let message: ImplementationMessage;
    try {
      message = decodeImplementationMessage(line);
    } catch (error) {
      return `answered ${p.what} with a bad line: ${(error as Error).message}`;
    }
    const id = message.type === 'hello' ? null : message.id;
    return id === p.id ? message : `answered ${p.what} with id ${id}`;
  }

  private onStderr(chunk: Buffer): void {
    this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_KEEP);
  }

  private onExit(result: { exitCode?: number; signal?: string; message?: string }): void {
    if (this.exitedAlready) return;
    this.exitedAlready = true;
    const p = this.pending;
    this.kill(); // reaps anything the process left behind: its group, its marked descendants
    live.delete(this.proc.pid ?? -1);
    if (p === null) return;
    const how =
      result.signal !== undefined
        ? `was killed by ${result.signal}`
        : result.exitCode === undefined
          ? `could not run (${result.message ?? 'unknown error'})`
          : `exited with status ${result.exitCode}`;
    this.fail(result.exitCode === 0 ? 'exit' : 'crash', `${how} while ${p.what} was in flight`);
  }

  /** Rejects the request in flight, if any, and kills the process. */
  private fail(kind: FailureKind, message: string): void {
    const p = this.pending;
    this.settle();
    this.kill();
    if (p !== null) p.reject(new ImplementationFailure(kind, this.describe(message)));
  }

  private settle(): void {
    if (this.pending !== null) clearTimeout(this.pending.timer);
    this.pending = null;
    this.hold(false);
  }

  private kill(): void {
    this.dead = true;
    this.parts = [];
    // Once the process has exited its pid may be reused: then only its group and its marker identify what it left.
    killTree(this.proc.pid, this.marker, !this.exitedAlready);
    this.proc.stdin.destroy();
  }

  /** While idle, the process does not keep the harness alive (it is killed when the harness exits). */
  private hold(on: boolean): void {
    const method = on ? 'ref' : 'unref';
    this.proc[method]();
    for (const stream of [this.proc.stdin, this.proc.stdout, this.proc.stderr]) {
      (stream as unknown as Partial<Record<'ref' | 'unref', () => void>>)[method]?.();
    }
  }

  private describe(message: string): string {
    const lines = this.stderrTail.trimEnd().split('\n').slice(-STDERR_LINES);
    const tail = this.stderrTail.trim() === '' ? '' : `\nlast stderr lines:\n  ${lines.join('\n  ')}`;
    return `implementation \`${this.argv.join(' ')}\` ${message}${tail}`;
  }
}

/** execa, imported by the first subprocess implementation's start (loadExeca): a run of a module in process does
 * without its hundred-odd modules, a tenth of a second of every CLI start. */
let execaModule: typeof import('execa') | undefined;

/** Loads execa (once); spawnImplementation awaits it before the first child starts. */
export async function loadExeca(): Promise<typeof import('execa')> {
  execaModule ??= await import('execa');
  return execaModule;
}

/** Its own process group (detached), so that killing the group also kills what it started. */
function launch(argv: string[], settings: Settings, marker: string) {
  if (execaModule === undefined) throw new Error('internal: a child was started before loadExeca()');
  return execaModule.execa(argv[0], argv.slice(1), {
    cwd: settings.cwd,
    env: { ...settings.env, [MARKER_VARIABLE]: marker },
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    detached: true,
  });
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}... (${text.length} chars)` : text;
}
