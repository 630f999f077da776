import { defineConfig } from 'vitest/config';

// Fault tests (tests/faults): the real server started as an operator does, with faults injected (a second
// process, SIGTERM, a held lock, refused connections, kill -9). One file at a time, so timings hold;
// `npm run test:faults` runs them on the PostgreSQL server (TEST_DATABASE_URL).
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
