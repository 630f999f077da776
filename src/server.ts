// Node entry: builds the dependencies (database, static files, clock, logger) and serves the app.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/node.js';
import { systemClock } from './lib/clock.js';
import { jsonLogger } from './lib/logger.js';
import { localStorage } from './storage/local.js';
import { sendDeadlineReminders } from './inbox/service.js';
import { hasNoUsers, seedDefaults } from '../seeds/defaults.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../seeds/demo.js';

const config = loadConfig(process.env);
const logger = jsonLogger(config.logLevel);
const database = await openDatabase(config);
const storage = localStorage(join(config.dataDir, 'uploads'));
await seedDefaults(database.db);

// Demo data only on a brand-new embedded database (never on a server database unless SEED_DEMO=true).
const wantDemo = database.kind === 'embedded' ? config.seedDemo : process.env.SEED_DEMO === 'true';
let seededDemo = false;
if (wantDemo && (await hasNoUsers(database.db))) {
  console.log('First start: filling the database with demo data…');
  const { seedDemoData } = await import('../seeds/demo-data.js');
  await seedDemoData(database.db, storage);
  seededDemo = true;
}

const publicRoot = fileURLToPath(new URL('../public', import.meta.url));
const app = createApp(
  { config, clock: systemClock, logger, database: { forRequest: () => database.db }, storage },
  {
    serveStatic: serveStatic({ root: publicRoot, rewriteRequestPath: (p) => p.replace(/^\/static/, '') }),
    clientAddress: (c) => {
      if (config.trustProxy) {
        const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
        if (forwarded) return forwarded;
      }
      return getConnInfo(c).remote.address;
    },
  },
);

const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  const url = `http://localhost:${info.port}`;
  console.log(`\nCampus safety register is running at ${url}`);
  console.log(`Database: ${database.kind === 'embedded' ? 'embedded PGlite in ' : 'PostgreSQL at '}${database.location}`);
  if (seededDemo || (database.kind === 'embedded' && config.seedDemo)) {
    console.log(`Demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.username).join(', ')}`);
  }
});

// Deadline reminders for every unit, hourly (units also get theirs when they open their home page).
const remindAll = () =>
  sendDeadlineReminders(database.db, systemClock.now()).catch((err: unknown) => logger.error('deadline reminders failed', { error: String(err) }));
void remindAll();
const reminders = setInterval(remindAll, 3600_000);

const shutdown = async () => {
  clearInterval(reminders);
  server.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
