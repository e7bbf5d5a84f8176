// A faulty implementation fails the request it broke, with the right ImplementationFailure kind; the
// process is killed (never left behind) and the next request runs on a fresh one.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Implementation } from '../../harness/contract/implementation.js';
import {
  type FailureKind,
  ImplementationFailure,
  type SpawnOptions,
  type SubprocessImplementation,
  spawnImplementation,
} from '../../harness/protocol/subprocess.js';
import { fixture, smallRequest, triggerRequest } from './requests.js';

const open: Implementation[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((impl) => impl.close?.()));
});

async function faulty(fault: string, options: SpawnOptions = {}): Promise<SubprocessImplementation> {
  const impl = await spawnImplementation(['node', fixture('faulty.mjs'), fault], {
    timeoutMs: 5000,
    ...options,
  });
  open.push(impl);
  return impl;
}

/** The failure a forward call ends with (or a failed test if it does not fail that way). */
async function failure(impl: Implementation, request = triggerRequest()): Promise<ImplementationFailure> {
  const error = await Promise.resolve(impl.forward(request)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImplementationFailure);
  return error as ImplementationFailure;
}

/** The fixture's pid, from the name its first hello gave. */
const pidOf = (impl: Implementation) => Number(impl.name.split(' ')[1]);

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await sleep(20);
  }
  return false;
}

const restarts: [string, FailureKind, SpawnOptions, RegExp][] = [
  ['crash', 'crash', {}, /exited with status 1[\s\S]*last stderr lines:[\s\S]*simulated crash/],
  ['signal', 'crash', {}, /killed by SIGKILL/],
  // The restarted process's hello must also come within the timeout: 2 s leaves room for a loaded machine.
  ['hang', 'timeout', { timeoutMs: 2000 }, /no answer to request 1 within 2000 ms/],
  ['non-json', 'protocol', {}, /not a JSON line: Traceback/],
  ['wrong-id', 'protocol', {}, /answered request 1 with id 2/],
  ['oversized', 'oversized', { maxLineBytes: 1000 }, /longer than maxLineBytes = 1000 bytes/],
  ['oversized-partial', 'oversized', { maxLineBytes: 1000 }, /longer than maxLineBytes/],
];

describe('a faulty implementation behind spawnImplementation()', () => {
  it.each(restarts)(
    'gru.eq.new-gate: fault %s fails the request with kind %s, and the next request runs on a restarted process',
    async (fault, kind, options, message) => {
      const impl = await faulty(fault, options);
      const first = pidOf(impl);
      const error = await failure(impl);
      expect(error.kind).toBe(kind);
      expect(error.message).toMatch(message);
      expect(await gone(first)).toBe(true);
      expect(impl.starts).toBe(1);
      const next = await impl.forward(smallRequest());
      expect(Array.from(next.h_n.data)).toEqual([0.25]);
      expect(impl.starts).toBe(2);
    },
  );

  it('gru.eq.new-gate: an implementation that exits after its hello fails every request with kind exit', async () => {
    const impl = await faulty('exit-after-hello');
    expect((await failure(impl, smallRequest())).kind).toBe('exit');
    expect((await failure(impl, smallRequest())).kind).toBe('exit');
  });

  it('gru.num.saturation: NaN and infinite data are decoded, not rejected (judging them is the comparator job)', async () => {
    const impl = await faulty('nan');
    const result = await impl.forward(smallRequest());
    expect(Array.from(result.output.data)).toEqual([Number.NaN, 1]);
    expect(Array.from(result.h_n.data)).toEqual([Number.NEGATIVE_INFINITY]);
  });

  it.each([
    ['bad-version', /speaks gru-conformance\/0, the harness speaks gru-conformance\/1/],
    ['stdout-banner', /not a JSON line: faulty implementation starting/],
  ])(
    'gru.eq.new-gate: a failed first hello (%s) rejects spawnImplementation with kind protocol',
    async (fault, message) => {
      const error = await faulty(fault).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImplementationFailure);
      expect((error as ImplementationFailure).kind).toBe('protocol');
      expect((error as Error).message).toMatch(message);
    },
  );

  it('gru.eq.new-gate: a command that cannot start rejects spawnImplementation with kind crash', async () => {
    const error = await spawnImplementation(['./no-such-implementation']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImplementationFailure);
    expect((error as ImplementationFailure).kind).toBe('crash');
    expect((error as Error).message).toMatch(/could not run/);
  });

  it('gru.eq.new-gate: close() ends the process and later calls throw', async () => {
    const impl = await faulty('none');
    await impl.forward(smallRequest());
    await impl.close?.();
    expect(await gone(pidOf(impl))).toBe(true);
    await expect(Promise.resolve(impl.forward(smallRequest()))).rejects.toThrow(/closed/);
  });

  it('gru.eq.new-gate: close() kills an implementation that ignores bye and the end of its input', async () => {
    const impl = await faulty('ignore-bye');
    await impl.close?.();
    expect(await gone(pidOf(impl))).toBe(true);
  });
});
