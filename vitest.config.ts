import { defineConfig } from 'vitest/config';

/** The heavy adapters (ONNX Runtime, tfjs) need `npm ci --prefix adapters`; `npm run test:adapters` runs them. */
export const HEAVY_ADAPTER_TESTS = ['test/adapters/onnxruntime.test.ts', 'test/adapters/tfjs.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...HEAVY_ADAPTER_TESTS],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
