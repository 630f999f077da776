// Node entry: builds the dependencies (database, static files, clock, logger) and serves the app.
// With WEB_CONCURRENCY > 1 on a PostgreSQL server, a primary process migrates, seeds and sends the
// hourly reminders, and that many worker processes share the port (node:cluster), one per core.
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { IncomingMessage, Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { loadStaticFiles } from './assets/node-files.js';
import { compressPages } from './assets/compress-pages.js';
import { exitOnStartupProblem } from './lib/errors.js';
import { loadConfig } from './config.js';
import { openDatabase, type OpenDatabase } from './db/node.js';
import { systemClock } from './lib/clock.js';
import { nodeClientAddress } from './lib/forwarded.js';
import { describeError, jsonLogger } from './lib/logger.js';
import { drainable } from './drain.js';
import { localStorage } from './storage/local.js';
import { sendDeadlineReminders } from './inbox/service.js';
import { cleanUpUploads } from './uploads/cleanup.js';
import { serveDumps } from './backup/embedded-dump.js';
import { hasNoUsers, seedDefaults } from '../seeds/defaults.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../seeds/demo.js';

const config = loadConfig(process.env);
const logger = jsonLogger(config.logLevel);
// The embedded database lives in this one process: several processes need a PostgreSQL server.
const processes = config.databaseUrl ? config.webConcurrency : 1;
if (config.webConcurrency > 1 && !config.databaseUrl) logger.warn('WEB_CONCURRENCY needs DATABASE_URL; serving from one process');

// Stopping (SIGTERM from a supervisor, Ctrl-C): stop accepting, let requests in flight finish (at most
// SHUTDOWN_DRAIN_MS), stop the jobs, close the database, exit. `npm start` execs node, so the signal
// arrives here (tsx's wrapper process did not pass it on). A second signal while stopping is ignored:
// Ctrl-C reaches both npm and node, and npm forwards its own copy.
const SHUTDOWN_DRAIN_MS = 10_000;
const shutdownSteps: Array<() => Promise<unknown>> = [];
let stopping = false;
const shutdown = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  const role = cluster.isPrimary ? 'server' : 'server process';
  logger.info(`${role} stopping`, { signal, pid: process.pid });
  for (const step of shutdownSteps) {
    await step().catch((err: unknown) => logger.error('shutdown step failed', describeError(err)));
  }
  logger.info(`${role} stopped`, { pid: process.pid });
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

if (cluster.isPrimary) {
  const database = await openDatabase(config, { log: (line) => logger.info(line) }).catch(exitOnStartupProblem);
  const storage = localStorage(join(config.dataDir, 'uploads'));
  const seededDemo = await seed(database, storage);
  // `npm run backup` while the embedded database is open here: it asks this process for a dump.
  const dumps = database.dump ? serveDumps(config.dataDir, database.dump, logger) : null;
  if (dumps) shutdownSteps.push(() => dumps.close());
  const started = (port: number) => announce(port, database, seededDemo);
  if (processes === 1) {
    const server = listen(database, storage, started);
    shutdownSteps.push(() => stopServing(server));
  } else {
    forkWorkers(processes, started);
  }
  // Hourly jobs: deadline reminders for every unit (units also get theirs when they open their home
  // page), and the clean-up of uploads nobody attached and of what interrupted writes left behind.
  const hourly = async () => {
    await sendDeadlineReminders(database.db, systemClock.now()).catch((err: unknown) => logger.error('deadline reminders failed', describeError(err)));
    await cleanUpUploads(database.db, storage, systemClock.now())
      .then((removed) => Object.values(removed).some((n) => n > 0) && logger.info('uploads cleaned up', { ...removed }))
      .catch((err: unknown) => logger.error('upload clean-up failed', describeError(err)));
  };
  let running = hourly();
  const timer = setInterval(() => (running = running.then(hourly)), 3600_000);
  // Stop the jobs before the database closes: wait for a run in progress.
  shutdownSteps.push(async () => {
    clearInterval(timer);
    await running;
  }, () => database.close());
} else {
  // A worker: the primary has migrated and seeded already.
  const database = await openDatabase(config, { migrate: false }).catch(exitOnStartupProblem);
  const server = listen(database, localStorage(join(config.dataDir, 'uploads')), () => process.send?.('listening'));
  shutdownSteps.push(() => stopServing(server), () => database.close());
}

/** Stops accepting and waits (bounded) for the requests in flight; says what happened. */
async function stopServing(server: ReturnType<typeof listen>): Promise<void> {
  const inFlight = server.drain.inFlight();
  logger.info('no longer accepting connections', { inFlight, waitMs: SHUTDOWN_DRAIN_MS });
  const { finished, cut } = await server.drain.drain(SHUTDOWN_DRAIN_MS);
  (cut > 0 ? logger.warn : logger.info)('requests in flight drained', { finished, cut });
}

/** Defaults always; demo data only on a brand-new embedded database (on a server only with SEED_DEMO=true). */
async function seed(database: OpenDatabase, storage: ReturnType<typeof localStorage>): Promise<boolean> {
  await seedDefaults(database.db);
  const wantDemo = database.kind === 'embedded' ? config.seedDemo : process.env.SEED_DEMO === 'true';
  if (!wantDemo || !(await hasNoUsers(database.db))) return false;
  console.log('First start: filling the database with demo data…');
  const { seedDemoData } = await import('../seeds/demo-data.js');
  await seedDemoData(database.db, { storage, now: systemClock.now() });
  return true;
}

function listen(database: OpenDatabase, storage: ReturnType<typeof localStorage>, onListening: (port: number) => void) {
  const files = loadStaticFiles(fileURLToPath(new URL('../public', import.meta.url)));
  const app = createApp(
    { config, clock: systemClock, logger, database: { forRequest: () => database.db }, storage },
    {
      serveStatic: files.serve,
      assetVersions: files.versions,
      compressPages,
      clientAddress: nodeClientAddress(config, (c) => getConnInfo(c).remote.address),
      requestDeadline: { ms: config.requestTimeoutMs, bytesReceived: (c) => (c.env as { incoming?: IncomingMessage }).incoming?.socket?.bytesRead },
    },
  );
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => onListening(info.port)) as Server;
  return Object.assign(server, { drain: drainable(server) });
}

function announce(port: number, database: OpenDatabase, seededDemo: boolean): void {
  console.log(`\nCampus safety register is running at http://localhost:${port}`);
  console.log(`Database: ${database.kind === 'embedded' ? 'embedded PGlite in ' : 'PostgreSQL at '}${database.location}`);
  if (processes > 1) console.log(`Serving from ${processes} processes.`);
  if (seededDemo || (database.kind === 'embedded' && config.seedDemo)) {
    console.log(`Demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.username).join(', ')}`);
  }
}

/** Starts the workers, announces once all listen, and replaces one that dies after it was serving. */
function forkWorkers(count: number, started: (port: number) => void): void {
  const serving = new Set<number>();
  let announced = false;
  cluster.on('message', (worker, message) => {
    if (message !== 'listening') return;
    serving.add(worker.id);
    if (serving.size === count && !announced) {
      announced = true;
      started(config.port);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (!serving.has(worker.id)) {
      // It never served (a bad configuration, the port taken): starting it again would fail again.
      logger.error('server process failed to start', { pid: worker.process.pid, code, signal });
      process.exit(1);
    }
    serving.delete(worker.id);
    logger.error('server process exited; starting another', { pid: worker.process.pid, code, signal });
    cluster.fork();
  });
  for (let i = 0; i < count; i++) cluster.fork();
  // Wait for the workers to close their connections before the primary exits (they report to it).
  shutdownSteps.push(async () => {
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = workers.map((w) => new Promise((resolve) => (w.isDead() ? resolve(null) : w.once('exit', resolve))));
    for (const w of workers) w.kill('SIGTERM');
    // Each worker drains for up to SHUTDOWN_DRAIN_MS and then closes its pool.
    await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS + 10_000))]);
  });
}
