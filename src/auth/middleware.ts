import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { and, eq } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import type { AppEnv } from '../env.js';
import { secureCookies } from '../lib/http.js';
import { pickLocale, translator } from '../i18n/index.js';
import { hasPermission, routeKey, ruleFor } from '../policy.js';
import { DomainError } from '../lib/errors.js';
import { sessionStore } from './sessions.js';
import { isMessageKey } from '../i18n/index.js';

/** Resolves the session cookie to a user (or null), refreshing the cookie when its expiry slides. */
export const sessionMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const { config, clock } = c.get('deps');
  const store = sessionStore(c.get('db'), {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
    secureCookie: secureCookies(c),
  });
  c.set('sessions', store);
  c.set('user', null);
  c.set('sessionId', null);
  c.set('pendingSecondFactor', null);
  const token = getCookie(c, store.cookieName);
  if (token) {
    const resolved = await store.resolve(token, clock.now());
    if (resolved.user) {
      c.set('user', resolved.user);
      c.set('sessionId', resolved.sessionId);
      if (resolved.refreshCookie) c.header('Set-Cookie', resolved.refreshCookie, { append: true });
    } else if (resolved.pending) {
      // The password was right; only the code page may use this session (it is no one's yet).
      c.set('pendingSecondFactor', resolved.pending);
    } else {
      c.header('Set-Cookie', store.blankCookie(), { append: true });
    }
  }
  await next();
});

export const LANG_COOKIE = 'cs_lang';

/** The user's saved language, else the language cookie, else the browser's preference, else Chinese. */
export const localeMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const locale =
    c.get('user')?.locale ??
    pickLocale(getCookie(c, LANG_COOKIE)) ??
    (c.req.header('accept-language')?.toLowerCase().startsWith('en') ? 'en' : undefined) ??
    'zh-CN';
  c.set('locale', locale);
  c.set('t', translator(locale));
  await next();
});

/** Whether demo accounts exist, remembered for a few seconds per app (it changes about never). */
const demoModeCache = new WeakMap<object, { value: boolean; until: number }>();
const DEMO_MODE_TTL_MS = 10_000;

/** Shows the demo banner on every page while any active demo account exists. */
export const demoModeMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const cached = demoModeCache.get(c.get('deps'));
  const now = Date.now();
  if (cached && cached.until > now) {
    c.set('demoMode', cached.value);
  } else {
    const rows = await c.get('db')
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.isDemo, true), eq(users.active, true)))
      .limit(1);
    demoModeCache.set(c.get('deps'), { value: rows.length > 0, until: now + DEMO_MODE_TTL_MS });
    c.set('demoMode', rows.length > 0);
  }
  await next();
});

export const FLASH_COOKIE = 'cs_flash';

/** A one-time notice (a catalogue key) set before a redirect and shown on the next page. */
export const flashMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const key = getCookie(c, FLASH_COOKIE);
  c.set('flash', null);
  if (key) {
    c.set('flash', isMessageKey(key) ? c.get('t')(key) : null);
    setCookie(c, FLASH_COOKIE, '', { path: '/', maxAge: 0, secure: secureCookies(c) });
  }
  await next();
});

/**
 * Route-level authorization from src/policy.ts, first half (runs before anything else touches the
 * database): the rule is looked up by the method and pattern of the handler that will answer; no rule
 * → refused (fail closed). A route registered for every method (`app.all`) has no rule of its own, so
 * it is refused too. `isMiddleware` tells the app's middleware apart from the routes.
 */
export const routeRuleMiddleware = (isMiddleware: (handler: unknown) => boolean) => createMiddleware<AppEnv>(async (c, next) => {
  // The first matching route is the one that answers (e.g. /hazards/new before /hazards/:id).
  const handler = matchedRoutes(c).find((r) => !isMiddleware(r.handler));
  c.set('rule', null);
  c.set('route', null);
  if (!handler) return next(); // nothing matched: the not-found page answers
  const method = handler.method === 'ALL' ? 'ALL' : c.req.method;
  c.set('route', routeKey(method, handler.path));
  const rule = ruleFor(method, handler.path);
  if (!rule) {
    c.get('deps').logger.error('route has no policy rule', { requestId: c.get('requestId'), route: routeKey(method, handler.path) });
    throw new DomainError(403, 'error.forbidden');
  }
  c.set('rule', rule);
  return next();
});

/** Second half, once the session is known: anonymous → sign-in page, password change first, then the role. */
export const authorizeMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const rule = c.get('rule');
  if (rule === null || rule === 'public') return next();
  const user = c.get('user');
  if (!user) {
    if (c.req.method === 'GET') {
      const nextPath = c.req.path + (new URL(c.req.url).search || '');
      return c.redirect(`/login?next=${encodeURIComponent(nextPath)}`, 302);
    }
    throw new DomainError(403, 'error.signInRequired');
  }
  if (rule !== 'signedIn' && user.mustChangePassword) {
    if (c.req.method === 'GET') return c.redirect('/account/password', 302);
    throw new DomainError(403, 'error.passwordChangeRequired');
  }
  if (rule !== 'signedIn' && user.mustEnrolTwoFactor) {
    if (c.req.method === 'GET') return c.redirect('/account/two-factor', 302);
    throw new DomainError(403, 'twoFactor.enrolFirst');
  }
  if (!hasPermission(user, rule)) throw new DomainError(403, 'error.forbidden');
  return next();
});
