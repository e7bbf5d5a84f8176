// Starting a worker thread on one of the harness's own modules, from dist/ (JavaScript) or from source
// (TypeScript, through tsx), with the same code either way.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker running `./<name>.js` (or `.ts` from source) next to the module at `base` (its import.meta.url). */
export function startWorker(base: string, name: string, options: WorkerOptions): Worker {
  if (base.endsWith('.js')) return new Worker(new URL(`./${name}.js`, base), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, base).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { ...options, eval: true });
}
