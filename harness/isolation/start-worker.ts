// Starting a worker thread on one of the harness's own modules, from dist/ (JavaScript) or from source
// (TypeScript, through tsx), with the same code either way. From source, GRU_CONFORMANCE_BUILT_WORKERS (a dist/
// folder built from these very sources; the test suite's global setup builds it and sets this) starts the
// worker's built JavaScript instead: a fifth of the start-up time of transforming it again in every worker.
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The source tree's root: this file is harness/isolation/start-worker.ts in it. */
const SOURCE_ROOT = new URL('../../', import.meta.url).href;

/** A worker running `./<name>.js` (or `.ts` from source) next to the module at `base` (its import.meta.url). */
export function startWorker(base: string, name: string, options: WorkerOptions): Worker {
  if (base.endsWith('.js')) return new Worker(new URL(`./${name}.js`, base), options);
  const built = process.env.GRU_CONFORMANCE_BUILT_WORKERS;
  if (built && base.startsWith(SOURCE_ROOT)) {
    const dir = new URL('./', base).href.slice(SOURCE_ROOT.length);
    return new Worker(new URL(`${dir}${name}.js`, pathToFileURL(`${built}/`)), options);
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, base).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { ...options, eval: true });
}
