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

/** A local path to go back to; anything else (another origin, //evil) falls back. */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

/** POST → redirect → GET. 303 makes every browser follow with a GET. */
export function seeOther(c: AppContext, location: string): Response {
  return c.redirect(location, 303);
}
