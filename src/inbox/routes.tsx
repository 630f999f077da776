import { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import type { AppEnv } from '../env.js';
import { fieldValue, readForm } from '../lib/forms.js';
import { currentUser, seeOther } from '../lib/http.js';
import { queryId } from '../lib/query.js';

import { InboxPage } from '../../views/inbox.js';
import { renderPage } from '../../views/render.js';
import { ensureDeadlineReminders, listInbox, markAllRead, markRead } from './service.js';

export const inboxRoutes = new Hono<AppEnv>();

inboxRoutes.get('/inbox', async (c) => {
  const user = currentUser(c);
  await ensureDeadlineReminders(c.get('db'), user, c.get('deps').clock.now());
  const before = queryId(c, 'before');
  const inbox = await listInbox(c.get('db'), user, before);
  return renderPage(c, c.get('t')('inbox.title'), <InboxPage rows={inbox.rows} more={inbox.more} />);
});

inboxRoutes.post('/inbox/read-all', async (c) => {
  await markAllRead(c.get('db'), currentUser(c));
  return seeOther(c, '/inbox');
});

/** Marks one notice read and opens what it is about. */
inboxRoutes.post('/inbox/:id/read', async (c) => {
  const id = recordId(c.req.param('id'));
  if (!id) return c.notFound();
  const user = currentUser(c);
  const ok = await markRead(c.get('db'), user, id);
  if (!ok) return c.notFound();
  const next = fieldValue(await readForm(c), 'next');
  if (!/^\/(hazards|resolutions|meetings)\/\d+$/.test(next)) return seeOther(c, '/inbox');
  return seeOther(c, next);
});
