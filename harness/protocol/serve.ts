// Serves an in-process Implementation over spec/protocol.md (`gru-conformance oracle serve`).
// Every request gets exactly one answer: a rejected call or a malformed request becomes an error response.
// It speaks version 2 with base64 tensors when the harness offers them, else version 1 with JSON numbers.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type Implementation, UNDECLARED_DTYPES } from '../contract/implementation.js';
import {
  decodeHarnessMessage,
  ENCODINGS,
  type Encoding,
  encodeLine,
  type HarnessMessage,
  type ImplementationMessage,
  PROTOCOL,
  PROTOCOL_V2,
  VERSIONS,
} from './wire.js';

export interface ServeOptions {
  /** The versions to speak; default both. Only version 1 makes a JSON-only version-1 implementation. */
  versions?: readonly string[];
  /** The tensor encodings to accept in a version-2 hello, preferred first; default base64-f64le, json. */
  encodings?: readonly Encoding[];
}

type Hello = Extract<HarnessMessage, { type: 'hello' }>;

/** Answers requests from input on output until a bye or the end of input. */
export async function serve(
  impl: Implementation,
  input: Readable,
  output: Writable,
  options: ServeOptions = {},
): Promise<void> {
  const session = { versions: options.versions ?? VERSIONS, encodings: options.encodings ?? ENCODINGS };
  let encoding: Encoding = 'json'; // until a hello settles another
  let v2 = false; // the cell is a version-2 capability
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const message = decode(line);
      if (message.type === 'bye') break;
      if (message.type === 'hello') {
        const settled = hello(impl, message, session);
        encoding = settled.encoding;
        v2 = settled.v2;
        await writeLine(output, encodeLine(settled.reply));
        continue;
      }
      await writeLine(output, await answer(impl, message, encoding, v2));
    }
  } finally {
    lines.close();
  }
}

/** The request on the line, or the error answer to a line that is not one. */
function decode(line: string): HarnessMessage | { type: 'unreadable'; reply: ImplementationMessage } {
  try {
    return decodeHarnessMessage(line);
  } catch (error) {
    const reply = rejection(idOf(line), new Error(`malformed request: ${(error as Error).message}`));
    return { type: 'unreadable', reply };
  }
}

/** The answer line to one call, or to a line that is not one; what cannot be encoded is an error. */
async function answer(
  impl: Implementation,
  message: Exclude<ReturnType<typeof decode>, { type: 'hello' | 'bye' }>,
  encoding: Encoding,
  v2: boolean,
): Promise<Buffer> {
  if (message.type === 'unreadable') return encodeLine(message.reply);
  try {
    if ((message.type === 'cell' || message.type === 'backward') && !v2)
      throw new Error(`${message.type} requests need protocol gru-conformance/2`);
    return encodeLine(await call(impl, message), encoding);
  } catch (error) {
    return encodeLine(rejection(message.id, error));
  }
}

/** Runs a forward, init, cell or backward request; what the implementation throws, or returns unencodable, is thrown. */
async function call(
  impl: Implementation,
  message: Extract<HarnessMessage, { type: 'forward' | 'init' | 'cell' | 'backward' }>,
): Promise<ImplementationMessage> {
  if (message.type === 'forward') {
    return { type: 'result', id: message.id, response: await impl.forward(message.request) };
  }
  if (message.type === 'cell') {
    if (impl.forwardCell === undefined || impl.capabilities?.cell !== true)
      throw new Error(`${impl.name} does not compute nn.GRUCell (capabilities.cell is false)`);
    return { type: 'state', id: message.id, response: await impl.forwardCell(message.request) };
  }
  if (message.type === 'backward') {
    if (impl.backward === undefined || impl.capabilities?.backward !== true)
      throw new Error(`${impl.name} does not compute gradients (capabilities.backward is false)`);
    return { type: 'gradients', id: message.id, response: await impl.backward(message.request) };
  }
  if (impl.init === undefined || impl.capabilities?.init !== true) {
    throw new Error(`${impl.name} does not initialise parameters (capabilities.init is false)`);
  }
  return { type: 'parameters', id: message.id, parameters: await impl.init(message.request) };
}

/**
 * Version 2 when both sides speak it, with the first of this side's encodings that the harness offers
 * (a harness that offers none offers json); else version 1; else an error naming both sides' versions.
 */
function hello(
  impl: Implementation,
  offer: Hello,
  session: { versions: readonly string[]; encodings: readonly Encoding[] },
): { reply: ImplementationMessage; encoding: Encoding; v2: boolean } {
  const offered = [offer.protocol, ...(offer.versions ?? [])];
  const harnessEncodings = offer.encodings ?? ['json'];
  const encoding = session.encodings.find((e) => harnessEncodings.includes(e));
  const v2 =
    session.versions.includes(PROTOCOL_V2) && offered.includes(PROTOCOL_V2) && encoding !== undefined;
  if (!v2 && !(session.versions.includes(PROTOCOL) && offered.includes(PROTOCOL))) {
    const message = `protocol ${offered.join(', ')} is not supported; this side speaks ${session.versions.join(', ')}`;
    return { reply: rejection(null, new Error(message)), encoding: 'json', v2: false };
  }
  const capabilities = {
    init: impl.capabilities?.init === true && impl.init !== undefined,
    trainMasks: impl.capabilities?.trainMasks === true,
    packed: impl.capabilities?.packed === true,
    sequenceLengths: impl.capabilities?.sequenceLengths === true,
    dtypes: impl.capabilities?.dtypes ?? [...UNDECLARED_DTYPES],
  };
  // The cell is a version-2 capability (spec/protocol.md, section 7).
  if (v2 && impl.capabilities?.cell === true && impl.forwardCell !== undefined)
    Object.assign(capabilities, { cell: true });
  // So are gradients (section 8).
  if (v2 && impl.capabilities?.backward === true && impl.backward !== undefined)
    Object.assign(capabilities, { backward: true });
  const settled = v2 ? { protocol: PROTOCOL_V2, encoding } : { protocol: PROTOCOL };
  const reply = { type: 'hello' as const, ...settled, name: impl.name, version: impl.version, capabilities };
  return { reply, encoding: v2 ? encoding : 'json', v2 };
}

/** An error response; a thrown error's string `clause` (GruSpecError's, for one) is passed on. */
function rejection(id: number | null, error: unknown): ImplementationMessage {
  const message = error instanceof Error ? error.message : String(error);
  const clause = (error as { clause?: unknown } | null)?.clause;
  return {
    type: 'error',
    id,
    error: typeof clause === 'string' ? { message, clause } : { message },
  };
}

/** The request's id when the line is an object with an integer id, else null. */
function idOf(line: string): number | null {
  try {
    const id = (JSON.parse(line) as { id?: unknown } | null)?.id;
    return Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : null;
  } catch {
    return null;
  }
}

/** Writes a whole line, newline included. */
function writeLine(output: Writable, line: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(line, (error) => (error ? reject(error) : resolve()));
  });
}
