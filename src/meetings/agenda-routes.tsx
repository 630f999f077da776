import { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import type { AppContext, AppEnv } from '../env.js';
import { setFlash } from '../lib/flash.js';
import { attempt, readForm, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, currentUser, seeOther, wantsFragment } from '../lib/http.js';
import type { FormState } from '../../views/components/form.js';
import type { MessageKey } from '../i18n/index.js';
import { AgendaSection, MeetingDetailPage } from '../../views/meetings/pages.js';
import { renderFragment, renderPage } from '../../views/render.js';
import { addAgendaItem, addProposals, moreProposals, changeAgendaItem, changeAgendaItems, noteAgendaItem, proposeAgendaFor, proposeTopic, publishAgenda } from './agenda-service.js';
import { loadMeeting } from './service.js';
import { uploadFormFiles } from '../attachments/routes.js';
import { attachFiles, discardAttachments, topicFiles } from '../attachments/service.js';

export const agendaRoutes = new Hono<AppEnv>();

const number = recordId;

type MeetingForms = { agendaForm?: { values: FormValues; errors: FieldErrorMap }; topicForm?: { values: FormValues; errors: FieldErrorMap } };

/** The meeting page again after a refusal: the message beside the agenda's or the topic's form, with what was typed. */
async function meetingPage(c: AppContext, meetingId: number, forms: MeetingForms, status: 409 | 413 | 422 | 429 | 507) {
  const now = c.get('deps').clock.now();
  const detail = await loadMeeting(c.get('db'), currentUser(c), meetingId, now);
  if (!detail) return c.notFound();
  return renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={now} {...forms} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
}

/**
 * Runs a change and goes back to the meeting; a frozen or empty agenda, or bad input, shows why on the
 * meeting page. Asked by htmx (the agenda's own form), the answer is the agenda section alone, swapped in
 * place: the page does not jump and focus stays on the control that was used (the same id in the new section).
 */
async function run(c: AppContext, meetingId: number, values: FormValues, change: () => Promise<void>, flash: MessageKey) {
  const done = await attempt(change);
  if (!done.ok) {
    const refused = { values, errors: done.errors };
    if (wantsFragment(c)) return agendaFragment(c, meetingId, refused, done.status);
    return meetingPage(c, meetingId, { agendaForm: refused }, done.status);
  }
  if (wantsFragment(c)) return agendaFragment(c, meetingId, undefined, 200, flash);
  setFlash(c, flash);
  const more = (await readForm(c)).more === '1';
  return seeOther(c, `/meetings/${meetingId}${more ? '?more=1' : ''}#agenda`);
}

async function agendaFragment(c: AppContext, meetingId: number, refused: FormState | undefined, status: 200 | 409 | 413 | 422 | 429 | 507, done?: MessageKey) {
  const now = c.get('deps').clock.now();
  const detail = (await loadMeeting(c.get('db'), currentUser(c), meetingId, now))!;
  // The list of further proposals stays open when it was (the form says so).
  const form = await readForm(c);
  const more = form.more === '1' ? await moreProposals(c.get('db'), currentUser(c), meetingId, now) : undefined;
  return renderFragment(c, <AgendaSection detail={detail} now={now} arrangeForm={refused} agendaForm={refused} done={done} more={more} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
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
      return run(c, id, form, () => proposeAgendaFor(c.get('db'), actor, id, c.get('deps').config.agendaProposalCap), 'agenda.flash.proposed');
    case 'addProposed':
      return run(c, id, form, () => addProposals(c.get('db'), actor, id, checked(form.proposal)), 'agenda.flash.proposalsAdded');
    case 'removeSelected':
    case 'moveTop':
    case 'moveBottom': {
      const ids = checked(form.item).map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
      return run(c, id, form, () => changeAgendaItems(c.get('db'), actor, id, ids, BULK[form.action as keyof typeof BULK]), 'agenda.flash.changed');
    }
    case 'publish':
      return run(c, id, form, () => publishAgenda(c.get('db'), actor, id), 'agenda.flash.published');
    case 'add':
      // An empty title: the meeting page again, the message beside the add field.
      return run(c, id, form, () => addAgendaItem(c.get('db'), actor, id, typeof form.title === 'string' ? form.title.slice(0, 200) : ''), 'agenda.flash.added');
    default:
      return meetingPage(c, id, { agendaForm: { values: form, errors: { _form: 'validation.choose' } } }, 422);
  }
});

agendaRoutes.post('/meetings/:id/agenda/:itemId', async (c) => {
  const id = await visibleMeeting(c);
  const itemId = number(c.req.param('itemId'));
  if (!id || !itemId) return c.notFound();
  const form = await readForm(c);
  if (form.change === 'note') {
    const note = typeof form.note === 'string' ? form.note.slice(0, 4000) : '';
    // Refused (e.g. the agenda froze meanwhile), the item's note form keeps what was typed.
    return run(c, id, { ...form, itemId: String(itemId) }, () => noteAgendaItem(c.get('db'), actorOf(c), id, itemId, note), 'agenda.flash.noted');
  }
  const change = form.change === 'up' || form.change === 'down' || form.change === 'remove' ? form.change : null;
  if (!change) return meetingPage(c, id, { agendaForm: { values: form, errors: { _form: 'validation.choose' } } }, 422);
  return run(c, id, form, () => changeAgendaItem(c.get('db'), { ...actorOf(c), user: currentUser(c), now: c.get('deps').clock.now() }, id, itemId, change), change === 'remove' ? 'agenda.flash.removed' : 'agenda.flash.moved');
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
  // Bad input, or a meeting that no longer takes topics: the meeting page again, with the unit's text kept.
  const refused = (errors: FieldErrorMap, status: 409 | 413 | 422 | 429 | 507) => meetingPage(c, id, { topicForm: { values: form, errors } }, status);
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
    return refused(proposed.errors, proposed.status);
  }
  setFlash(c, 'agenda.flash.topic');
  return seeOther(c, `/meetings/${id}#agenda`);
});
