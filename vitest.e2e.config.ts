import { defineConfig } from 'vitest/config';

// Browser tests: each file starts the app itself (tests/e2e/server.ts, in-memory PGlite with the demo
// data) and drives Debian's Chromium through playwright-core (tests/e2e/browser.ts).
// Screenshots are written to test-artifacts/e2e/.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    // PGlite is steadier in child processes than in worker threads (see vitest.config.ts).
    pool: 'forks',
    // Each file runs a browser and a database; two at once is what a 2-core CI box manages.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
