import { defineConfig } from 'vitest/config';

/** Heavy adapters (ORT, tfjs: `npm ci --prefix adapters`; candle: cargo), run by `npm run test:adapters`. */
export const HEAVY_ADAPTER_TESTS = [
  'test/adapters/onnxruntime.test.ts',
  'test/adapters/onnxruntime-web.test.ts',
  'test/adapters/tfjs.test.ts',
  'test/adapters/candle.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    exclude: ['**/node_modules/**', ...HEAVY_ADAPTER_TESTS],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
