// Finding the implementation under test: a JS/TS module (isolated in a worker thread), a subprocess command,
// or the bundled example.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ImplementationFailure } from '../contract/failures.js';
import type { Implementation } from '../contract/implementation.js';
import { ImplementationShapeError } from '../contract/implementation-shape.js';
import { isolatedImplementation } from '../isolation/worker-implementation.js';
import { PACKAGE_ROOT } from '../paths.js';
import { spawnImplementation } from '../protocol/subprocess.js';
import { UsageError } from './args.js';

export const DEFAULT_IMPLEMENTATION = resolve(PACKAGE_ROOT, 'examples/js/gru.js');

/** For implementations passed as objects (the programmatic API): a call that never settles fails after `ms`. */
export function withTimeout(impl: Implementation, ms: number): Implementation {
  const timed = <T>(p: T | Promise<T>, what: string): Promise<T> =>
    new Promise<T>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new ImplementationFailure('timeout', `${what} did not answer within ${ms} ms`)),
        ms,
      );
      Promise.resolve(p).then(
        (v) => {
          clearTimeout(timer);
          ok(v);
        },
        (e) => {
          clearTimeout(timer);
          fail(e);
        },
      );
    });
  return {
    ...impl,
    forward: (r) =>
      timed(
        Promise.resolve().then(() => impl.forward(r)),
        'forward',
      ),
    init: impl.init
      ? (r) =>
          timed(
            Promise.resolve().then(() => impl.init!(r)),
            'init',
          )
      : undefined,
    forwardCell: impl.forwardCell
      ? (r) =>
          timed(
            Promise.resolve().then(() => impl.forwardCell!(r)),
            'forwardCell',
          )
      : undefined,
    backward: impl.backward
      ? (r) =>
          timed(
            Promise.resolve().then(() => impl.backward!(r)),
            'backward',
          )
      : undefined,
  };
}

/** What the command line names as the implementation, for reports written before it could be loaded. */
export function targetName(opts: { implementation?: string; cmd?: string }): string {
  return opts.cmd !== undefined ? opts.cmd : (opts.implementation ?? DEFAULT_IMPLEMENTATION);
}

export async function loadImplementation(opts: {
  implementation?: string;
  cmd?: string;
  timeoutMs: number;
}): Promise<Implementation> {
  if (opts.cmd !== undefined) {
    try {
      return await spawnImplementation(opts.cmd, { timeoutMs: opts.timeoutMs });
    } catch (e) {
      throw new UsageError(`--cmd "${opts.cmd}": ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const path = opts.implementation ?? DEFAULT_IMPLEMENTATION;
  if (!existsSync(resolve(path))) throw new UsageError(`implementation module not found: ${path}`);
  try {
    return await isolatedImplementation(path, { timeoutMs: opts.timeoutMs });
  } catch (e) {
    if (e instanceof ImplementationShapeError) throw new UsageError(e.message);
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}
