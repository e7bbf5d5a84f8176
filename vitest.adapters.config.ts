import { defineConfig } from 'vitest/config';
import { HEAVY_ADAPTER_TESTS, PACKAGE_TESTS } from './vitest.config.js';

export default defineConfig({
  test: {
    include: [...HEAVY_ADAPTER_TESTS, ...PACKAGE_TESTS],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
