// A worker thread of `npm run teeth:matrix`: runs the faults it is sent (and the base they are made from)
// through the whole default profile.
import { parentPort } from 'node:worker_threads';
import { defaultProfile } from '../../harness/profile.js';
import { runChecks } from '../../harness/runner.js';
import { baseGruWithPacked as baseGru } from './base-packed.js';
import { faultyGru } from './catalogue.js';
import { CI_OPTIONS } from './kill-matrix.js';

const profile = defaultProfile();
parentPort!.on('message', async (id: string) => {
  const impl = id === baseGru.name ? baseGru : faultyGru(id);
  parentPort!.postMessage({ id, report: await runChecks(impl, profile, CI_OPTIONS) });
});
