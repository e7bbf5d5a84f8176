// Serves an in-process Implementation over spec/protocol.md (`gru-conformance oracle serve`).
// Every request gets exactly one answer: a rejected call or a malformed request becomes an error response.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DTYPES } from '../../oracle/index.js';
import type { Implementation } from '../implementation.js';
import {
  decodeHarnessMessage,
  encodeMessage,
  type HarnessMessage,
  type ImplementationMessage,
  PROTOCOL,
} from './wire.js';

/** Answers requests from input on output until a bye or the end of input. */
export async function serve(impl: Implementation, input: Readable, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const reply = await answer(impl, line);
      if (reply === 'bye') break;
      await writeLine(output, reply);
    }
  } finally {
    lines.close();
  }
}

/** The answer line to one request line, or 'bye'. */
async function answer(impl: Implementation, line: string): Promise<string | 'bye'> {
  let message: HarnessMessage;
  try {
    message = decodeHarnessMessage(line);
  } catch (error) {
    return encodeMessage(rejection(idOf(line), new Error(`malformed request: ${(error as Error).message}`)));
  }
  if (message.type === 'bye') return 'bye';
  if (message.type === 'hello') return encodeMessage(hello(impl, message.protocol));
  try {
    return encodeMessage(await call(impl, message));
  } catch (error) {
    return encodeMessage(rejection(message.id, error));
  }
}

/** Runs a forward or init request; what the implementation throws, or returns unencodable, is thrown. */
async function call(
  impl: Implementation,
  message: Extract<HarnessMessage, { type: 'forward' | 'init' }>,
): Promise<ImplementationMessage> {
  if (message.type === 'forward') {
    return { type: 'result', id: message.id, response: await impl.forward(message.request) };
  }
  if (impl.init === undefined || impl.capabilities?.init !== true) {
    throw new Error(`${impl.name} does not initialise parameters (capabilities.init is false)`);
  }
  return { type: 'parameters', id: message.id, parameters: await impl.init(message.request) };
}

function hello(impl: Implementation, protocol: string): ImplementationMessage {
  if (protocol !== PROTOCOL) {
    return rejection(null, new Error(`protocol ${protocol} is not supported; this side speaks ${PROTOCOL}`));
  }
  const capabilities = {
    init: impl.capabilities?.init === true && impl.init !== undefined,
    trainMasks: impl.capabilities?.trainMasks === true,
    dtypes: impl.capabilities?.dtypes ?? [...DTYPES],
  };
  return { type: 'hello', protocol: PROTOCOL, name: impl.name, version: impl.version, capabilities };
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

function writeLine(output: Writable, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(`${line}\n`, (error) => (error ? reject(error) : resolve()));
  });
}
