import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { parseQuery } from '../lib/query.js';
import { SecurityLogPage } from '../../views/admin/security-log.js';
import { renderPage } from '../../views/render.js';
import { securityLog, securityLogFilterSchema } from './log.js';

export const securityRoutes = new Hono<AppEnv>();

/** The administrator's security log: sign-ins, failures, lock-outs, refused requests, account and 2FA changes. */
securityRoutes.get('/admin/security-log', async (c) => {
  const filter = parseQuery(c, securityLogFilterSchema);
  const page = await securityLog(c.get('db'), filter);
  return renderPage(c, c.get('t')('security.title'), <SecurityLogPage page={page} filter={filter} />);
});
