import { defineConfig } from '@playwright/test';

// End-to-end tests load the built extension (.output/chrome-mv3) into Debian's Chromium;
// see test/e2e/fixtures.ts. `npm test` builds first.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'tmp/test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: 'tmp/e2e-results.json' }]]
    : [['list'], ['json', { outputFile: 'tmp/e2e-results.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
