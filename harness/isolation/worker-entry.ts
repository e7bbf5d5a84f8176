// The worker-thread side of an isolated in-process implementation: loads the module, then answers each
// request the harness posts. Everything the implementation does (patching globals, process.exit, looping
// forever) stays in this thread's realm; the judge runs in the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { Implementation } from '../contract/implementation.js';
import { implementationProblems } from '../contract/implementation-shape.js';
import { firstTensorChange } from '../contract/request-changes.js';
import { clauseOf, describeThrown } from '../contract/safe-call.js';
import { importImplementation } from './load-module.js';
import type { ToHost, ToWorker } from './messages.js';

const port = parentPort!;
const { modulePath } = workerData as { modulePath: string };

function post(message: ToHost): void {
  try {
    port.postMessage(message);
  } catch (e) {
    // The answer could not be copied out of this thread (a function, a symbol, a Proxy...).
    const id = 'id' in message ? message.id : -1;
    port.postMessage({ type: 'unreadable', id, message: describeThrown(e) } satisfies ToHost);
  }
}

async function answer(
  impl: Implementation,
  m: Extract<ToWorker, { type: 'forward' | 'init' | 'cell' | 'backward' }>,
): Promise<void> {
  try {
    // the request as it came, to tell whether the call changed it (an init request holds no tensor)
    const before = m.type === 'init' ? undefined : structuredClone(m.request);
    const value =
      m.type === 'forward'
        ? await impl.forward(m.request)
        : m.type === 'cell'
          ? await impl.forwardCell!(m.request)
          : m.type === 'backward'
            ? await impl.backward!(m.request)
            : await impl.init!(m.request);
    const change = firstTensorChange(before, m.request);
    if (change !== undefined) post({ type: 'changed-request', id: m.id, message: change });
    else post({ type: 'value', id: m.id, value });
  } catch (e) {
    post({ type: 'rejected', id: m.id, message: describeThrown(e), clause: clauseOf(e) });
  }
}

async function main(): Promise<void> {
  let impl: Implementation;
  try {
    const loaded = await importImplementation(modulePath);
    const problems = implementationProblems(loaded);
    if (problems.length > 0) {
      post({
        type: 'load-error',
        message: `${modulePath} must export (default or as 'implementation') an implementation: ${problems.join('; ')}`,
      });
      return;
    }
    impl = loaded as Implementation;
  } catch (e) {
    post({ type: 'load-error', message: `cannot load ${modulePath}: ${describeThrown(e).split('\n')[0]}` });
    return;
  }
  port.on('message', (m: ToWorker) => {
    if (m.type === 'close') {
      Promise.resolve()
        .then(() => impl.close?.())
        .catch(() => undefined)
        .finally(() => post({ type: 'closed' }));
      return;
    }
    void answer(impl, m);
  });
  const { name, version, capabilities } = impl;
  const hasInit = typeof impl.init === 'function';
  post({
    type: 'ready',
    name,
    version,
    capabilities,
    hasInit,
    hasCell: typeof impl.forwardCell === 'function',
    hasBackward: typeof impl.backward === 'function',
  });
}

void main();
