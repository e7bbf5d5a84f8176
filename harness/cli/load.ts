// Finding the implementation under test: a JS/TS module, a subprocess command, or the bundled example.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Implementation } from '../implementation.js';
import { PACKAGE_ROOT } from '../paths.js';
import { spawnImplementation } from '../protocol/subprocess.js';
import { UsageError } from './args.js';

export const DEFAULT_IMPLEMENTATION = resolve(PACKAGE_ROOT, 'examples/js/gru.js');

export function withTimeout(impl: Implementation, ms: number): Implementation {
  const timed = <T>(p: T | Promise<T>, what: string): Promise<T> =>
    new Promise<T>((ok, fail) => {
      const timer = setTimeout(() => {
        const e = new Error(`${what} did not answer within ${ms} ms`);
        e.name = 'ImplementationFailure';
        fail(e);
      }, ms);
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
  };
}

async function loadModule(path: string): Promise<Implementation> {
  const full = resolve(path);
  if (!existsSync(full)) throw new UsageError(`implementation module not found: ${path}`);
  if (/\.[cm]?ts$/.test(full)) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`cannot load ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const impl = (mod.default ?? mod.implementation) as Implementation | undefined;
  if (impl === undefined || typeof impl.forward !== 'function' || typeof impl.name !== 'string') {
    throw new UsageError(
      `${path} must export (default or as 'implementation') an object with a name and forward(request)`,
    );
  }
  return impl;
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
  return withTimeout(await loadModule(opts.implementation ?? DEFAULT_IMPLEMENTATION), opts.timeoutMs);
}
