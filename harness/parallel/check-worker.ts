// A check worker: its own instance of the implementation under test (an isolated module or a subprocess) and
// its own judge, running the checks the main thread sends it. Results go back whole; the main thread puts each
// in its check's place, so a report does not depend on how many workers ran it.
import { parentPort, workerData } from 'node:worker_threads';
import type { Check, CheckContext } from '../checks/types.js';
import type { Implementation } from '../contract/implementation.js';
import { describeThrown } from '../contract/safe-call.js';
import { isolatedImplementation } from '../isolation/worker-implementation.js';
import { defaultProfile } from '../profile.js';
import { spawnImplementation } from '../protocol/subprocess.js';
import { RunGuard } from '../run-guard.js';
import { outcomeOf, runDtypes, runOne } from '../runner.js';
import type { FromCheckWorker, RunRequest, ToCheckWorker, WorkerSetup } from './messages.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const post = (m: FromCheckWorker) => port.postMessage(m);

async function start(): Promise<Implementation> {
  const { source, timeoutMs } = setup;
  return source.cmd !== undefined
    ? spawnImplementation(source.cmd, { timeoutMs })
    : isolatedImplementation(source.module, { timeoutMs, onOutput: (text) => process.stderr.write(text) });
}

async function main(): Promise<void> {
  let impl: Implementation;
  let checks: Map<string, Check>;
  try {
    impl = await start();
    checks = new Map(defaultProfile().map((c) => [c.id, c]));
  } catch (e) {
    post({ type: 'setup-error', message: describeThrown(e) });
    return;
  }
  const guard = new RunGuard({ maxConsecutiveTimeouts: setup.maxTimeouts });
  const run = async (m: RunRequest) => {
    const check = checks.get(m.checkId)!;
    const ctx: CheckContext = {
      impl,
      seed: m.seed,
      runs: m.runs,
      dtypes: runDtypes(impl, m.dtypes),
      replay: m.replay,
      guard,
      strictClauses: m.strictClauses,
      evidence: m.evidence,
    };
    const t0 = performance.now();
    const outcome = outcomeOf(check, await runOne(check, ctx), performance.now() - t0);
    post({ type: 'outcome', index: m.index, outcome, stop: guard.stopReason });
  };
  port.on('message', (m: ToCheckWorker) => {
    if (m.type === 'run') void run(m);
    else if (m.type === 'stop') guard.stop(m.reason);
    else {
      guard.dispose();
      Promise.resolve(impl.close?.())
        .catch(() => undefined)
        .finally(() => {
          post({ type: 'closed' });
          port.close();
        });
    }
  });
  post({ type: 'ready' });
}

void main();
