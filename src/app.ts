import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { Context, MiddlewareHandler } from 'hono';
import { adminRoutes } from './admin/routes.js';
import { authRoutes } from './auth/routes.js';
import { twoFactorRoutes } from './auth/two-factor-routes.js';
import { authorizeMiddleware, demoModeMiddleware, routeRuleMiddleware, flashMiddleware, localeMiddleware, sessionMiddleware } from './auth/middleware.js';
import { sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from './env.js';
import { homeRoutes } from './home/routes.js';
import { hazardRoutes } from './hazards/routes.js';
import { inboxRoutes } from './inbox/routes.js';
import { meetingRoutes } from './meetings/routes.js';
import { resolutionRoutes } from './meetings/resolution-routes.js';
import { orderRoutes } from './meetings/order-routes.js';
import { agendaRoutes } from './meetings/agenda-routes.js';
import { minutesRoutes } from './meetings/minutes-routes.js';
import { liveRoutes } from './meetings/live-routes.js';
import { attachmentRoutes } from './attachments/routes.js';
import { riskRoutes } from './risks/routes.js';
import { csrfMiddleware } from './lib/csrf.js';
import { FILE_UPLOAD_ROUTES } from './policy.js';
import { DomainError } from './lib/errors.js';
import { servedOverHttps, wantsFragment } from './lib/http.js';
import { CSP_REPORT_MAX_BYTES, CSP_REPORT_PATH, receiveCspReport } from './security/csp-report.js';
import { recordRefusal } from './security/refusals.js';
import { securityRoutes } from './security/routes.js';
import { unreadCount } from './inbox/service.js';
import { translator } from './i18n/index.js';
import { renderError, renderOutage, type KeptForm } from '../views/errors.js';
import { outageOf } from './lib/db-errors.js';
import { describeError, repeatLimited } from './lib/logger.js';
import type { AssetVersions } from './assets/versions.js';
import { isPastDeadline, requestDeadline } from './lib/request-deadline.js';

export interface AppOptions {
  /** Serves /static/* (Node only; on Workers the assets binding serves them before the Worker runs). */
  serveStatic?: MiddlewareHandler<AppEnv>;
  /** Versions of the static files, put into their URLs so that browsers keep them (src/assets/versions.ts). */
  assetVersions?: AssetVersions;
  /** Compresses HTML responses (Node: src/assets/compress-pages.ts; Workers compress by themselves). */
  compressPages?: MiddlewareHandler<AppEnv>;
  /** The client's address as the runtime knows it (Node: the socket or a trusted proxy; Workers: Cloudflare). */
  clientAddress?: (c: Context<AppEnv>) => string | undefined;
  /** Node: answer every request within `ms` of its last byte (src/lib/request-deadline.ts); Workers have their own limits. */
  requestDeadline?: { ms: number; bytesReceived?: (c: Context<AppEnv>) => number | undefined };
}

/** Builds the whole web application from its dependencies. Knows nothing about the runtime it is on. */
export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  const errorLog = repeatLimited(deps.logger);

  app.use(requestId());
  // Outermost but for the request id: pages, fragments and error pages alike.
  if (options.compressPages) app.use(options.compressPages);
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    c.set('clientIp', options.clientAddress?.(c) ?? 'unknown');
    // Until the locale middleware runs (e.g. a static file or an early error), pages are in Chinese.
    c.set('t', translator('zh-CN'));
    c.set('locale', 'zh-CN');
    c.set('user', null);
    c.set('pendingSecondFactor', null);
    c.set('route', null);
    c.set('demoMode', false);
    c.set('flash', null);
    c.set('unread', null);
    c.set('assetVersions', options.assetVersions ?? {});
    await next();
    deps.logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      user: c.get('user')?.username,
    });
  });

  if (options.serveStatic) app.use('/static/*', options.serveStatic);
  // No path or query parameter may carry a NUL (PostgreSQL text cannot hold one): 400 before any work.
  app.use(async (c, next) => {
    if (/%00|\0/.test(c.req.url)) throw new DomainError(400, 'error.badRequest');
    await next();
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        // Violations are reported to us (src/security/csp-report.ts): report-uri for older browsers,
        // report-to (the Reporting-Endpoints header) for current ones.
        reportUri: [CSP_REPORT_PATH],
        reportTo: 'csp',
      },
      reportingEndpoints: [{ name: 'csp', url: CSP_REPORT_PATH }],
      // Nothing the app does needs these; a page (or something injected into it) cannot ask for them.
      permissionsPolicy: {
        camera: [],
        microphone: [],
        geolocation: [],
        payment: [],
        usb: [],
        serial: [],
        bluetooth: [],
        hid: [],
        midi: [],
        displayCapture: [],
        browsingTopics: [],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
      // Sent below, only when the app is reached over https.
      strictTransportSecurity: false,
    }),
  );
  app.use(async (c, next) => {
    await next();
    if (servedOverHttps(c)) c.header('Strict-Transport-Security', 'max-age=31536000');
  });
  // Nothing the app answers is kept by a browser or a proxy (pages, exports, minutes, calendar files,
  // photos, attachments): after signing out, Back must not show a hazard again from the cache. Set
  // before the route runs, so every response it makes carries it. Only /static/* (above) is cacheable.
  app.use(async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  const middleware = new Set<unknown>();
  app.use(routeRuleMiddleware((handler) => middleware.has(handler)));
  // Inside the security headers, so the 503 it may answer carries them too.
  if (options.requestDeadline) {
    const answer = async (c: Context<AppEnv>) => renderOutage(c, 503, await within(KEPT_FORM_WAIT_MS, keptForm(c)));
    app.use(requestDeadline({ ...options.requestDeadline, answer, logger: deps.logger }));
  }
  // Registered before the session and database middleware, so they answer without touching the database.
  // Liveness: the process answers. Readiness: it can also reach its database and store files (503 when not).
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', (c) => readiness(c, deps));
  app.get('/favicon.ico', (c) => c.redirect('/static/icon.svg', 301));

  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new DomainError(413, 'error.tooLarge');
      },
    });
  const limitUpload = limitTo(deps.config.maxBodyBytes);
  const limitForm = limitTo(deps.config.maxFormBytes);
  const limitReport = limitTo(CSP_REPORT_MAX_BYTES);
  // GET and HEAD carry no body; asking for one makes the Node adapter build a full Request on every page.
  // Only the routes that take files accept a large body (the policy lists them).
  app.use((c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const route = c.get('route');
    if (route === `POST ${CSP_REPORT_PATH}`) return limitReport(c, next);
    return (route && FILE_UPLOAD_ROUTES.has(route) ? limitUpload : limitForm)(c, next);
  });
  // Before the database, CSRF and session middleware: a browser's report changes nothing and needs no session.
  app.post(CSP_REPORT_PATH, receiveCspReport);
  app.use(async (c, next) => {
    c.set('db', deps.database.forRequest(c));
    await next();
  });
  app.use(csrfMiddleware);
  app.use(sessionMiddleware);
  app.use(localeMiddleware);
  app.use(demoModeMiddleware);
  app.use(flashMiddleware);
  app.use(authorizeMiddleware);
  app.use(async (c, next) => {
    // Full pages show the unread count in the navigation; fragments, files and exports do not need it.
    const user = c.get('user');
    const page = c.req.method === 'GET' && !wantsFragment(c) && !/^\/(photos|attachments|static)\/|\.csv$/.test(c.req.path) && c.get('rule') !== 'public';
    if (page && user && !user.mustChangePassword && !user.mustEnrolTwoFactor && user.role !== 'admin') c.set('unread', await unreadCount(c.get('db'), user));
    await next();
  });

  // Everything registered so far is middleware (and /healthz, /favicon.ico, which have rules); from here on, routes.
  for (const r of app.routes) if (r.method === 'ALL') middleware.add(r.handler);
  endpointFilters.set(app, (r) => !middleware.has(r.handler));

  app.route('/', authRoutes);
  app.route('/', twoFactorRoutes);
  app.route('/', homeRoutes);
  app.route('/', hazardRoutes);
  app.route('/', inboxRoutes);
  app.route('/', meetingRoutes);
  app.route('/', resolutionRoutes);
  app.route('/', orderRoutes);
  app.route('/', agendaRoutes);
  app.route('/', minutesRoutes);
  app.route('/', liveRoutes);
  app.route('/', attachmentRoutes);
  app.route('/', riskRoutes);
  app.route('/', securityRoutes);
  app.route('/admin', adminRoutes);

  app.notFound((c) => renderError(c, 404, 'error.notFound'));
  app.onError(async (err, c) => {
    // The request was answered 503 at its deadline; this is its handler failing later: logged once, no page.
    if (isPastDeadline(c)) {
      deps.logger.warn('request failed after its deadline', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, ...describeError(err) });
      return c.body(null, 503);
    }
    if (err instanceof DomainError && err.status === 403) await recordRefusal(c, err.messageKey);
    if (err instanceof DomainError) return renderError(c, err.status, err.messageKey, err.params);
    const request = { requestId: c.get('requestId'), method: c.req.method, path: c.req.path };
    const outage = outageOf(err);
    if (outage) {
      errorLog.error(outage === 'unavailable' ? 'database unavailable' : 'storage full', { ...request, ...describeError(err) });
      return renderOutage(c, outage === 'unavailable' ? 503 : 507, await keptForm(c));
    }
    errorLog.error('unhandled error', { ...request, ...describeError(err), stack: err instanceof Error ? err.stack : undefined });
    return renderError(c, 500, 'error.internal');
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

type RouteEntry = { method: string; path: string; handler: unknown };
const endpointFilters = new WeakMap<object, (r: RouteEntry) => boolean>();

/** The app's routes (not its middleware), each as 'METHOD /pattern'; `app.all` routes show as 'ALL /pattern'. */
export function routeKeysOf(app: { routes: RouteEntry[] }): string[] {
  const isEndpoint = endpointFilters.get(app) ?? (() => true);
  return [...new Set(app.routes.filter(isEndpoint).map((r) => `${r.method} ${r.path}`))].sort();
}

/** How long /readyz waits for each check: a load balancer probes often and must not pile up requests. */
const READY_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS)));
  try {
    return await Promise.race([check().then(() => 'ok'), timeout]);
  } catch (err) {
    const { cause, code, error } = describeError(err) as { cause?: { code?: unknown }; code?: unknown; error: string };
    return String(cause?.code ?? code ?? error).slice(0, 80);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /readyz: the database (one trivial query) and the file storage, each within READY_TIMEOUT_MS. */
async function readiness(c: Context<AppEnv>, deps: AppDeps): Promise<Response> {
  const [database, storage] = await Promise.all([probe(() => deps.database.forRequest(c).execute(sql`SELECT 1`)), probe(() => deps.storage.check())]);
  const ready = database === 'ok' && storage === 'ok';
  c.header('Cache-Control', 'no-store');
  return c.json({ status: ready ? 'ready' : 'unavailable', database, storage }, ready ? 200 : 503);
}

/** The deadline's answer does not wait long for a body still arriving: without the form is better than no answer. */
const KEPT_FORM_WAIT_MS = 1000;

async function within<T>(ms: number, work: Promise<T>): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The fields of a form whose request failed, read again from hono's cached body (or for the first time). */
async function keptForm(c: Context<AppEnv>): Promise<KeptForm | null> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (c.req.method !== 'POST' || (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data')) return null;
  try {
    const form = await c.req.formData();
    const values: Array<[string, string]> = [];
    let hadFiles = false;
    for (const [name, value] of form) {
      // A password is never written back into a page.
      if (typeof value === 'string') {
        if (!/password/i.test(name)) values.push([name, value]);
      }
      else if (value.size > 0) hadFiles = true;
    }
    const url = new URL(c.req.url);
    return { action: url.pathname + url.search, values, hadFiles };
  } catch {
    return null;
  }
}
