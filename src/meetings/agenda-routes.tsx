import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../env.js';
import { DomainError, FieldErrors } from '../lib/errors.js';
import { setFlash } from '../lib/flash.js';
import { readForm, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, currentUser, seeOther, wantsFragment } from '../lib/http.js';
import type { FormState } from '../../views/components/form.js';
import type { MessageKey } from '../i18n/index.js';
import { renderError } from '../../views/errors.js';
import { AgendaSection, MeetingDetailPage } from '../../views/meetings/pages.js';
import { renderFragment, renderPage } from '../../views/render.js';
import { addAgendaItem, addProposals, moreProposals, changeAgendaItem, changeAgendaItems, noteAgendaItem, proposeAgendaFor, proposeTopic, publishAgenda } from './agenda-service.js';
import { loadMeeting } from './service.js';
import { uploadFormFiles } from '../attachments/routes.js';
import { attachFiles, discardAttachments, topicFiles } from '../attachments/service.js';

export const agendaRoutes = new Hono<AppEnv>();

const number = (value: string | undefined) => {
  const parsed = z.coerce.number().int().positive().max(2_147_483_647).safeParse(value);
  return parsed.success ? parsed.data : null;
};

/**
 * Runs a change and goes back to the meeting; a frozen agenda or bad input shows why. Asked by htmx
 * (the agenda's own form), the answer is the agenda section alone, swapped in place: the page does not
 * jump and focus stays on the control that was used (the same id in the new section).
 */
async function run(c: AppContext, meetingId: number, change: () => Promise<void>, flash: MessageKey) {
  try {
    await change();
  } catch (err) {
    if (err instanceof FieldErrors && wantsFragment(c)) return agendaFragment(c, meetingId, { values: {}, errors: err.fields }, 422);
    if (err instanceof FieldErrors) return renderError(c, 422, Object.values(err.fields)[0] ?? 'validation.invalid');
    if (err instanceof DomainError && (err.status === 409 || err.status === 404)) return renderError(c, err.status, err.messageKey);
    throw err;
  }
  if (wantsFragment(c)) return agendaFragment(c, meetingId, undefined, 200, flash);
  setFlash(c, flash);
  const more = (await readForm(c)).more === '1';
  return seeOther(c, `/meetings/${meetingId}${more ? '?more=1' : ''}#agenda`);
}

async function agendaFragment(c: AppContext, meetingId: number, arrangeForm: FormState | undefined, status: 200 | 422, done?: MessageKey) {
  const now = c.get('deps').clock.now();
  const detail = (await loadMeeting(c.get('db'), currentUser(c), meetingId, now))!;
  // The list of further proposals stays open when it was (the form says so).
  const form = await readForm(c);
  const more = form.more === '1' ? await moreProposals(c.get('db'), currentUser(c), meetingId, now) : undefined;
  return renderFragment(c, <AgendaSection detail={detail} now={now} arrangeForm={arrangeForm} done={done} more={more} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
}

/** The checked boxes of a form field, as ids or keys. */
const checked = (value: FormValues[string] | undefined): string[] => ([] as string[]).concat(value ?? []).filter((v): v is string => typeof v === 'string');
const BULK = { removeSelected: 'remove', moveTop: 'top', moveBottom: 'bottom' } as const;

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
      return run(c, id, () => proposeAgendaFor(c.get('db'), actor, id, c.get('deps').config.agendaProposalCap), 'agenda.flash.proposed');
    case 'addProposed':
      return run(c, id, () => addProposals(c.get('db'), actor, id, checked(form.proposal)), 'agenda.flash.proposalsAdded');
    case 'removeSelected':
    case 'moveTop':
    case 'moveBottom': {
      const ids = checked(form.item).map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
      return run(c, id, () => changeAgendaItems(c.get('db'), actor, id, ids, BULK[form.action as keyof typeof BULK]), 'agenda.flash.changed');
    }
    case 'publish':
      return run(c, id, () => publishAgenda(c.get('db'), actor, id), 'agenda.flash.published');
    case 'add':
      try {
        await addAgendaItem(c.get('db'), actor, id, typeof form.title === 'string' ? form.title.slice(0, 200) : '');
      } catch (err) {
        // An empty title: the meeting page again, the message beside the add field.
        if (!(err instanceof FieldErrors)) throw err;
        const detail = (await loadMeeting(c.get('db'), actor.user, id, actor.now))!;
        return renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={actor.now} agendaForm={{ values: form, errors: err.fields }} topicFiles={await topicFiles(c.get('db'), detail)} />, 422);
      }
      setFlash(c, 'flash.saved');
      return seeOther(c, `/meetings/${id}#agenda`);
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
    return run(c, id, () => noteAgendaItem(c.get('db'), actorOf(c), id, itemId, note), 'flash.saved');
  }
  const change = form.change === 'up' || form.change === 'down' || form.change === 'remove' ? form.change : null;
  if (!change) return renderError(c, 422, 'validation.choose');
  return run(c, id, () => changeAgendaItem(c.get('db'), { ...actorOf(c), user: currentUser(c), now: c.get('deps').clock.now() }, id, itemId, change), 'agenda.flash.changed');
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
  try {
    await proposeTopic(c.get('db'), { ...actorOf(c), user, now }, id, title, text, (tx, topicId) => attachFiles(tx, user, ids, 'topic', topicId));
  } catch (err) {
    // The files stay only with a saved topic; the unit picks them again with the corrected form.
    await discardAttachments(c.get('db'), c.get('deps').storage, upload.stored);
    if (err instanceof FieldErrors) return refused(err.fields, 422);
    if (err instanceof DomainError && (err.status === 409 || err.status === 404)) return renderError(c, err.status, err.messageKey);
    throw err;
  }
  setFlash(c, 'agenda.flash.topic');
  return seeOther(c, `/meetings/${id}#agenda`);
});
