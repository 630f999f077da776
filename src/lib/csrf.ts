import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { DomainError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for every state-changing request, whatever its content type: the browser must say the
 * request came from our own origin (Sec-Fetch-Site: same-origin) or send an Origin equal to ours.
 * htmx requests are same-origin fetches and carry both headers; a request with neither is refused.
 */
export const csrfMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const expected = c.get('deps').config.publicOrigin ?? new URL(c.req.url).origin;
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const originOk = origin !== undefined && origin === expected;
  const siteOk = site === 'same-origin' && (origin === undefined || originOk);
  if (!originOk && !siteOk) {
    c.get('deps').logger.warn('csrf check refused a request', { requestId: c.get('requestId'), origin, site, path: c.req.path });
    throw new DomainError(403, 'error.csrf');
  }
  return next();
});
