import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    setupFiles: ['fake-indexeddb/auto'],
    globals: true,
    environment: 'node',
    // Machines here are noisy (2 cores, parallel jobs): generous timeouts, no timed asserts.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
