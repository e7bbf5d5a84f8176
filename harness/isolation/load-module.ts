// Loading an implementation module (JavaScript or TypeScript) and finding the implementation it exports.
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

/** Imports the module at `path` (.ts, .mts and .cts through tsx) and returns what it exports as the implementation. */
export async function importImplementation(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  let mod: Record<string, unknown>;
  if (/\.[cm]?ts$/.test(path)) {
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  } else {
    mod = (await import(url)) as Record<string, unknown>;
  }
  return pick(mod);
}
