import { defineConfig } from '@playwright/test';

// End-to-end tests load the built extension into a real browser; see test/e2e/fixtures.ts.
// `npm test` builds first. Two projects:
// - chromium: every spec, .output/chrome-mv3 in Debian's Chromium;
// - firefox: the tests tagged @firefox (the flows a Firefox user depends on), .output/firefox-mv2
//   in Debian's firefox-esr over WebDriver BiDi (test/support/firefox.mjs).
// `npx playwright test --project=firefox` runs one; `npm test` runs both, and both count in its
// summary. OKR_LENS_E2E_JSON names the JSON report (default tmp/e2e-results.json).
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'tmp/test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.OKR_LENS_E2E_JSON ?? 'tmp/e2e-results.json' }],
  ],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' } },
    // Firefox starts slower (a fresh profile, the add-on installed over BiDi): more time per test.
    { name: 'firefox', use: { browserName: 'firefox' }, grep: /@firefox/, timeout: 120_000 },
  ],
});
