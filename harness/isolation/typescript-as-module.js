// A module-loader hook (node:module register) for the thread that loads an implementation. tsx reads a .ts file
// as CommonJS when its package.json lacks "type": "module", as Node reads a .js file; an implementation
// written with import/export then runs as CommonJS, and its imports of ES modules fail with errors that look like
// its own bug ("Cannot require() ES Module ... in a cycle", "No \"exports\" main defined"). Such a file is read as
// the ES module it is written as; one that uses require, module.exports or __dirname stays CommonJS.
// Plain JavaScript: it is loaded as it is, from source and from dist/ alike.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ESM_SYNTAX = /^\s*(?:import\s*[\w*{'"]|export\s)/m;
const COMMONJS_ONLY = /\b(?:require\s*\(|module\.exports|exports\.\w|__dirname|__filename)/;

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.format !== 'commonjs' || !resolved.url.startsWith('file:')) return resolved;
  const url = new URL(resolved.url);
  if (!/\.ts$/.test(url.pathname)) return resolved;
  const source = readFileSync(fileURLToPath(url), 'utf8');
  return ESM_SYNTAX.test(source) && !COMMONJS_ONLY.test(source)
    ? { ...resolved, format: 'module' }
    : resolved;
}
