import { defineConfig } from 'vitest/config';

// The Worker entry in workerd: each test file starts `wrangler dev` itself (tests/worker/wrangler-dev.ts)
// against a database it creates on the PostgreSQL server named by TEST_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test). The tests themselves run in Node.
export default defineConfig({
  test: {
    include: ['tests/worker/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { WRANGLER_SEND_METRICS: 'false' },
  },
});
