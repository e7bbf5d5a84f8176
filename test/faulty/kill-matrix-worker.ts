// A worker thread of `npm run teeth:matrix`: runs the faults it is sent through the whole default profile.
import { parentPort } from 'node:worker_threads';
import { defaultProfile } from '../../harness/profile.js';
import { runChecks } from '../../harness/runner.js';
import { faultyGru } from './catalogue.js';
import { CI_OPTIONS } from './kill-matrix.js';

const profile = defaultProfile();
parentPort!.on('message', async (id: string) => {
  parentPort!.postMessage({ id, report: await runChecks(faultyGru(id), profile, CI_OPTIONS) });
});
