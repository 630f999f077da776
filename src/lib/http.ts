import type { AppContext } from '../env.js';
import type { Actor } from './events.js';
import { forbidden } from './errors.js';
import type { SessionUser } from '../auth/sessions.js';

/** The client's address, as the entry point found it (socket, trusted proxy header or Cloudflare header). */
export function clientIp(c: AppContext): string {
  return c.get('clientIp');
}

/** Who is acting, for history events. */
export function actorOf(c: AppContext): Actor {
  return { userId: c.get('user')?.id ?? null, requestId: c.get('requestId'), ip: clientIp(c), now: c.get('deps').clock.now() };
}

/** The signed-in user; the authorize middleware has already refused anonymous requests on such routes. */
export function currentUser(c: AppContext): SessionUser {
  const user = c.get('user');
  if (!user) throw forbidden();
  return user;
}

/** htmx asked for a fragment (not a boosted navigation or a history restore, which want full pages). */
export function wantsFragment(c: AppContext): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Request-Type') === 'partial';
}

/**
 * A path on this site: one `/` followed by a character that cannot start another host (not `/`, `\`),
 * and nothing but printable ASCII (what a browser's own URLs are made of). Browsers drop tabs and line
 * breaks from a Location, so `/\t/evil.example` would become `//evil.example`; CR/LF would also break
 * the header. Anything else falls back.
 */
const LOCAL_PATH = /^\/(?![/\\])[\x21-\x7e]{0,2000}$/;

export function safeLocalPath(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && LOCAL_PATH.test(value) ? value : fallback;
}

/**
 * Whether users reach the app over https: PUBLIC_ORIGIN says so (behind a proxy that may send no
 * X-Forwarded-Proto), or the request itself came over https (directly or as the proxy says).
 */
export function servedOverHttps(c: AppContext): boolean {
  if (c.get('deps').config.publicOrigin?.startsWith('https:')) return true;
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/**
 * Whether cookies get the Secure flag for this request: COOKIE_SECURE, or by default whenever users
 * reach the app over https. Every cookie the app sets follows it (the session, language and notice
 * cookies alike).
 */
export function secureCookies(c: AppContext): boolean {
  const mode = c.get('deps').config.cookieSecure;
  if (mode !== 'auto') return mode === 'always';
  return servedOverHttps(c);
}

/** POST → redirect → GET. 303 makes every browser follow with a GET. */
export function seeOther(c: AppContext, location: string): Response {
  return c.redirect(location, 303);
}
