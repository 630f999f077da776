// Cloudflare Workers entry: builds the dependencies (a postgres.js client per request through
// Hyperdrive, photos in R2, static files from the assets binding, clock, logger) and hands over to createApp.
// Only runtime-neutral modules may be imported here: no node:fs, no PGlite, no migrations, no seeds.
import type { MiddlewareHandler } from 'hono';
import { createApp, type App } from './app.js';
import { loadConfig } from './config.js';
import { openPostgres, type PostgresHandle } from './db/postgres.js';
import type { AppEnv } from './env.js';
import { systemClock } from './lib/clock.js';
import { describeError, jsonLogger } from './lib/logger.js';
import { r2Storage } from './storage/r2.js';
import { sendDeadlineReminders } from './inbox/service.js';
import { cleanUpUploads } from './uploads/cleanup.js';
import { IMMUTABLE, requestedAsset } from './assets/versions.js';
// Written by scripts/vendor.mjs (postinstall, and build:worker before bundling).
import assetVersions from './assets/versions.generated.json';

/** The bindings declared in wrangler.toml, plus [vars] / secrets read by loadConfig. */
export interface WorkerEnv {
  HYPERDRIVE: Hyperdrive;
  /** The public/ directory (wrangler.toml [assets]); served under /static by the middleware below. */
  ASSETS: Fetcher;
  /** Photos and other uploaded files. */
  PHOTOS: R2Bucket;
  [name: string]: unknown;
}

/**
 * The database client of each request in flight. A Worker must never share a connection pool across
 * requests (sockets belong to the request that opened them), so a client is opened on the first
 * database use of a request and closed once that request's response body has been sent.
 */
const clients = new WeakMap<Request, PostgresHandle>();

/** public/ is served at /static/* on both runtimes; here by asking the assets binding for the file. */
const serveAssets: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  const { current } = requestedAsset(assetVersions, url);
  url.pathname = url.pathname.replace(/^\/static(?=\/)/, '');
  const res = await (c.env as unknown as WorkerEnv).ASSETS.fetch(new Request(url, c.req.raw));
  // Like Node's static files: an unknown file falls through to the app's own 404 page.
  if (res.status === 404) return next();
  if (!current || res.status !== 200) return res;
  // The link carried this file's version: it can be kept for good (the binding's default revalidates).
  const kept = new Response(res.body, res);
  kept.headers.set('Cache-Control', IMMUTABLE);
  return kept;
};

function buildApp(env: WorkerEnv): App {
  const config = loadConfig(env as unknown as Record<string, string | undefined>);
  return createApp(
    {
      config,
      clock: systemClock,
      logger: jsonLogger(config.logLevel),
      database: {
        forRequest(c) {
          let handle = clients.get(c.req.raw);
          if (!handle) {
            const { HYPERDRIVE } = c.env as unknown as WorkerEnv;
            handle = openPostgres(HYPERDRIVE.connectionString, { max: 5, forWorker: true, preparedStatements: config.databasePreparedStatements });
            clients.set(c.req.raw, handle);
          }
          return handle.db;
        },
      },
      // A binding (not a socket), so one storage object serves every request of the isolate.
      storage: r2Storage(env.PHOTOS),
    },
    {
      serveStatic: serveAssets,
      assetVersions,
      clientAddress: (c) => c.req.header('cf-connecting-ip'),
    },
  );
}

// The app (routes, config, logger) is built once per isolate; only the database client is per request.
let app: App | undefined;

export default {
  /** The cron trigger in wrangler.toml (hourly): deadline reminders for every unit, then the upload clean-up. */
  async scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const handle = openPostgres(env.HYPERDRIVE.connectionString, { max: 1, forWorker: true });
    const logger = jsonLogger(loadConfig(env as unknown as Record<string, string | undefined>).logLevel);
    const jobs = async () => {
      await sendDeadlineReminders(handle.db, systemClock.now()).catch((err: unknown) => logger.error('deadline reminders failed', describeError(err)));
      const removed = await cleanUpUploads(handle.db, r2Storage(env.PHOTOS), systemClock.now()).catch((err: unknown) => logger.error('upload clean-up failed', describeError(err)));
      if (removed && Object.values(removed).some((n) => n > 0)) logger.info('uploads cleaned up', { ...removed });
    };
    ctx.waitUntil(jobs().finally(() => handle.close()));
  },

  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    app ??= buildApp(env);
    let res: Response;
    try {
      res = await app.fetch(request, env as unknown as AppEnv['Bindings'], ctx);
    } catch (err) {
      const client = takeClient(request);
      if (client) ctx.waitUntil(client.close());
      throw err;
    }
    const client = takeClient(request);
    if (!client) return res;
    if (!res.body) {
      ctx.waitUntil(client.close());
      return res;
    }
    // A streamed body (e.g. the CSV export) may still be querying after app.fetch resolved: close the
    // client only once the whole body has been sent, or the browser went away.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    ctx.waitUntil(
      res.body
        .pipeTo(writable)
        .catch(() => {})
        .finally(() => client.close()),
    );
    return new Response(readable, res);
  },
} satisfies ExportedHandler<WorkerEnv>;

/** Removes the request's database client (if it opened one) from the map; the caller closes it. */
function takeClient(request: Request): PostgresHandle | undefined {
  const handle = clients.get(request);
  clients.delete(request);
  return handle;
}
