// The real app over HTTP for browser tests: createApp over a fresh in-memory PGlite with the demo data,
// photos kept in memory, static files and compression as src/server.ts does. One server per test file
// (startServer in beforeAll).
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/app.js';
import { loadStaticFiles } from '../../src/assets/node-files.js';
import { compressPages } from '../../src/assets/compress-pages.js';
import { loadConfig, type Config } from '../../src/config.js';
import { migrateEmbedded } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import type { Db } from '../../src/db/types.js';
import { runningClock, type Clock } from '../../src/lib/clock.js';
import { testClockStart } from '../support/clock.js';
import { jsonLogger } from '../../src/lib/logger.js';
import { memoryStorage } from '../../src/storage/memory.js';
import { seedDemoData } from '../../seeds/demo-data.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';

export { DEMO_PASSWORD };

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  db: Db;
  /** the server's clock: starts at the test start instant (TEST_CLOCK_START) and runs on */
  clock: Clock;
  /** the app's JSON log lines, for assertions and for failure messages */
  logs: string[];
  /** uploaded files (photos) live in memory for the server's lifetime */
  storage: ReturnType<typeof memoryStorage>;
  close(): Promise<void>;
}

const files = loadStaticFiles(fileURLToPath(new URL('../../public', import.meta.url)));

/** Starts the app on a free port of 127.0.0.1 over a new in-memory database holding the demo data. */
export async function startServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const database = await openPglite();
  await migrateEmbedded(database);
  const clock = runningClock(testClockStart());
  await seedDemoData(database.db, { now: clock.now() });

  const logs: string[] = [];
  const storage = memoryStorage(() => clock.now());
  const config = loadConfig({}, { logLevel: 'info', cookieSecure: 'never', ...overrides });
  const app = createApp(
    { config, clock, logger: jsonLogger(config.logLevel, (line) => logs.push(line)), database: { forRequest: () => database.db }, storage },
    {
      serveStatic: files.serve,
      assetVersions: files.versions,
      compressPages,
      clientAddress: (c) => getConnInfo(c).remote.address,
    },
  );

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    db: database.db,
    clock,
    logs,
    storage,
    close: async () => {
      await new Promise<void>((resolve) => {
        // Browsers keep connections alive; drop them so close() does not wait for their timeout.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await database.close();
    },
  };
}
