import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Real and bundled implementations through the whole default profile, and the heavy adapters (ORT, tfjs: `npm ci
 * --prefix adapters`; candle: cargo; PyTorch: torch), run by `npm run test:adapters` (CI), not by `npm test`:
 * every test file under test/adapters/ (the folder is the convention, no list to keep).
 */
export const HEAVY_ADAPTER_TESTS = ['test/adapters/**/*.test.ts'];

/** The package as a user installs it: npm pack, an install into a fresh project, the CLI and vitest from there
 * (about 90 s: a clean build and an install); run with the heavy tests, or alone by `npm run test:package`. */
export const PACKAGE_TESTS = ['test/package/pack-install.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    exclude: ['**/node_modules/**', ...HEAVY_ADAPTER_TESTS, ...PACKAGE_TESTS],
    // Test files run in parallel, one per core: most of their time is spent in spawned CLIs and oracles.
    maxWorkers: availableParallelism(),
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
