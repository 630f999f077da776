import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../env.js';
import { setFlash } from '../lib/flash.js';
import { attempt, readForm, type FieldErrorMap } from '../lib/forms.js';
import { actorOf, currentUser, seeOther } from '../lib/http.js';
import type { MessageKey } from '../i18n/index.js';
import { renderError } from '../../views/errors.js';
import { MeetingDetailPage } from '../../views/meetings/pages.js';
import { renderPage } from '../../views/render.js';
import { addAgendaItem, changeAgendaItem, noteAgendaItem, proposeAgendaFor, proposeTopic, publishAgenda } from './agenda-service.js';
import { loadMeeting } from './service.js';
import { uploadFormFiles } from '../attachments/routes.js';
import { attachFiles, discardAttachments, topicFiles } from '../attachments/service.js';

export const agendaRoutes = new Hono<AppEnv>();

const number = (value: string | undefined) => {
  const parsed = z.coerce.number().int().positive().max(2_147_483_647).safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** Runs a change and goes back to the meeting; a frozen agenda or bad input shows why. */
async function run(c: AppContext, meetingId: number, change: () => Promise<void>, flash: MessageKey) {
  const done = await attempt(change);
  if (!done.ok) return renderError(c, done.status, Object.values(done.errors)[0] ?? 'validation.invalid');
  setFlash(c, flash);
  return seeOther(c, `/meetings/${meetingId}#agenda`);
}

async function visibleMeeting(c: AppContext) {
  const id = number(c.req.param('id'));
  return id && (await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now())) ? id : null;
}

/** The supervisor: propose (from the register and open business), add a free item, publish. */
agendaRoutes.post('/meetings/:id/agenda', async (c) => {
  const id = await visibleMeeting(c);
  if (!id) return c.notFound();
  const form = await readForm(c);
  const actor = { ...actorOf(c), user: currentUser(c), now: c.get('deps').clock.now() };
  switch (form.action) {
    case 'propose':
      return run(c, id, () => proposeAgendaFor(c.get('db'), actor, id), 'agenda.flash.proposed');
    case 'publish':
      return run(c, id, () => publishAgenda(c.get('db'), actor, id), 'agenda.flash.published');
    case 'add': {
      const added = await attempt(() => addAgendaItem(c.get('db'), actor, id, typeof form.title === 'string' ? form.title.slice(0, 200) : ''));
      if (!added.ok && added.errors._form) return renderError(c, added.status, added.errors._form);
      if (!added.ok) {
        // An empty title: the meeting page again, the message beside the add field.
        const detail = (await loadMeeting(c.get('db'), actor.user, id, actor.now))!;
        return renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={actor.now} agendaForm={{ values: form, errors: added.errors }} topicFiles={await topicFiles(c.get('db'), detail)} />, 422);
      }
      setFlash(c, 'agenda.flash.added');
      return seeOther(c, `/meetings/${id}#agenda`);
    }
    default:
      return renderError(c, 422, 'validation.choose');
  }
});

agendaRoutes.post('/meetings/:id/agenda/:itemId', async (c) => {
  const id = await visibleMeeting(c);
  const itemId = number(c.req.param('itemId'));
  if (!id || !itemId) return c.notFound();
  const form = await readForm(c);
  if (form.change === 'note') {
    const note = typeof form.note === 'string' ? form.note.slice(0, 4000) : '';
    return run(c, id, () => noteAgendaItem(c.get('db'), actorOf(c), id, itemId, note), 'agenda.flash.noted');
  }
  const change = form.change === 'up' || form.change === 'down' || form.change === 'remove' ? form.change : null;
  if (!change) return renderError(c, 422, 'validation.choose');
  return run(c, id, () => changeAgendaItem(c.get('db'), { ...actorOf(c), user: currentUser(c), now: c.get('deps').clock.now() }, id, itemId, change), change === 'remove' ? 'agenda.flash.removed' : 'agenda.flash.moved');
});

/** An invited unit proposes a topic. */
agendaRoutes.post('/meetings/:id/topics', async (c) => {
  const id = await visibleMeeting(c);
  if (!id) return c.notFound();
  const form = await readForm(c);
  const title = typeof form.title === 'string' ? form.title.slice(0, 200) : '';
  const text = typeof form.text === 'string' ? form.text.slice(0, 2000) : '';
  const user = currentUser(c);
  const now = c.get('deps').clock.now();
  // Bad input: the meeting page again, with the unit's text kept beside the message.
  const refused = async (errors: FieldErrorMap, status: 413 | 422 | 429 | 507) => {
    const detail = (await loadMeeting(c.get('db'), user, id, now))!;
    return renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={now} topicForm={{ values: form, errors }} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
  };
  const upload = await uploadFormFiles(c);
  if (!upload.ok) return refused({ files: upload.error }, upload.status);
  const ids = upload.stored.map((f) => f.id);
  // The files stay only with a saved topic; the unit picks them again with the corrected form.
  const discard = () => discardAttachments(c.get('db'), c.get('deps').storage, upload.stored);
  const proposed = await attempt(() => proposeTopic(c.get('db'), { ...actorOf(c), user, now }, id, title, text, (tx, topicId) => attachFiles(tx, user, ids, 'topic', topicId))).catch(async (err: unknown) => {
    await discard();
    throw err;
  });
  if (!proposed.ok) {
    await discard();
    return proposed.errors._form ? renderError(c, proposed.status, proposed.errors._form) : refused(proposed.errors, 422);
  }
  setFlash(c, 'agenda.flash.topic');
  return seeOther(c, `/meetings/${id}#agenda`);
});
