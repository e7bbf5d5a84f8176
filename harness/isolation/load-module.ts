// Loading an implementation module (JavaScript or TypeScript) and finding the implementation it exports.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The module's implementation: its default export, or a named export `implementation`. */
function pick(mod: Record<string, unknown>): unknown {
  const candidates = [mod.default, mod.implementation];
  // A TypeScript or CommonJS module loaded through the CommonJS path nests its exports under `default`.
  const nested = mod.default as Record<string, unknown> | undefined;
  if (typeof nested === 'object' && nested !== null) candidates.push(nested.default, nested.implementation);
  return (
    candidates.find((c) => typeof (c as { forward?: unknown } | undefined)?.forward === 'function') ??
    candidates[0]
  );
}

/** tsx, an optional peer dependency: only TypeScript modules need it. */
async function loadTsx(path: string): Promise<typeof import('tsx/esm/api')> {
  try {
    return await import('tsx/esm/api');
  } catch (e) {
    const missing = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(e).includes("'tsx'");
    if (!missing) throw e;
    throw new Error(
      `${path} is TypeScript, which gru-conformance loads through tsx (an optional peer dependency, not installed): ` +
        'install it beside gru-conformance (npm install --save-dev tsx), or give the compiled .js',
    );
  }
}

/**
 * Imports a TypeScript module through tsx, registered for the whole thread (the worker holds nothing but the
 * implementation); one written as an ES module loads as one whatever its package.json says.
 */
async function importTypeScript(path: string): Promise<Record<string, unknown>> {
  (await loadTsx(path)).register();
  (await import('tsx/cjs/api')).register();
  // Registered after tsx, so it runs first and sees the format tsx chose (typescript-as-module.js).
  register(new URL('./typescript-as-module.js', import.meta.url));
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/** Imports the module at `path` (.ts, .mts and .cts through tsx) and returns what it exports as the implementation. */
export async function importImplementation(path: string): Promise<unknown> {
  const mod = /\.[cm]?ts$/.test(path)
    ? await importTypeScript(path)
    : ((await import(pathToFileURL(path).href)) as Record<string, unknown>);
  return pick(mod);
}
