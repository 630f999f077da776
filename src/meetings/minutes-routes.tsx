import { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import type { AppContext, AppEnv } from '../env.js';
import { FieldErrors } from '../lib/errors.js';
import { setFlash } from '../lib/flash.js';
import { attempt, readForm, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { versionField } from '../lib/form-fields.js';
import { actorOf, currentUser, seeOther } from '../lib/http.js';
import { MinutesPage } from '../../views/meetings/minutes.js';
import { renderPage } from '../../views/render.js';
import { addAddendum, checkIssuable, issueMinutes, minutesOf, redraftMinutes, saveMinutes } from './minutes-service.js';
import { loadMeeting } from './service.js';
import { canViewMinutes } from '../policy.js';
import { checkTypedNumber, suggestNumber } from '../documents/service.js';
import { documentSettings } from '../documents/settings.js';

export const minutesRoutes = new Hono<AppEnv>();

async function load(c: AppContext) {
  const id = recordId(c.req.param('id'));
  if (!id) return null;
  const detail = await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now());
  if (!detail) return null;
  const { minutes, addenda } = await minutesOf(c.get('db'), id);
  // Drafts are the supervisors' own: everyone else sees minutes only once issued.
  if (!canViewMinutes(currentUser(c), minutes)) return null;
  return { detail, minutes, addenda };
}

type MinutesForm = { values: FormValues; errors: FieldErrorMap; confirm?: boolean };

async function page(c: AppContext, form?: MinutesForm, status: 200 | 409 | 422 = 200) {
  const loaded = await load(c);
  if (!loaded) return c.notFound();
  const db = c.get('db');
  // The next number is offered only while the minutes can still be issued; issued ones print with the settings.
  const suggestedNumber = loaded.minutes?.status === 'draft' ? await suggestNumber(db, 'minutes', c.get('deps').clock.now()) : undefined;
  const settings = loaded.minutes?.status === 'issued' ? await documentSettings(db) : undefined;
  return renderPage(c, `${loaded.detail.meeting.title} · ${c.get('t')('minutes.title')}`, <MinutesPage {...loaded} form={form} suggestedNumber={suggestedNumber} settings={settings} />, status);
}

minutesRoutes.get('/meetings/:id/minutes', (c) => page(c));

/** The issued text as a file (UTF-8 with BOM, so Windows editors show the Chinese). */
minutesRoutes.get('/meetings/:id/minutes.txt', async (c) => {
  const loaded = await load(c);
  if (!loaded?.minutes) return c.notFound();
  const { minutes, addenda } = loaded;
  const text = [minutes.documentNumber ?? '', minutes.body, ...addenda.map((a) => `\n${c.get('t')('minutes.addendum')}：\n${a.body}`)].join('\n');
  c.header('Content-Type', 'text/plain; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="minutes-${loaded.detail.meeting.id}.txt"`);
  return c.body('\uFEFF' + text.replace(/\n/g, '\r\n'));
});

minutesRoutes.post('/meetings/:id/minutes', async (c) => {
  const loaded = await load(c);
  if (!loaded) return c.notFound();
  const id = loaded.detail.meeting.id;
  const user = currentUser(c);
  const values = await readForm(c);
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const version = versionField().safeParse(values.version);
  const now = c.get('deps').clock.now();
  const done = await attempt(async (): Promise<Response | null> => {
    switch (values.action) {
      case 'draft':
        // No version: the page showed no draft yet. A draft that exists by now is someone else's (409).
        if (values.version !== undefined && values.version !== '' && !version.success) throw new FieldErrors({ _form: 'validation.invalid' });
        await redraftMinutes(c.get('db'), actorOf(c), loaded.detail, c.get('locale'), version.success ? version.data : null, c.get('deps').clock.now());
        break;
      case 'save':
        if (!version.success) throw new FieldErrors({ _form: 'validation.invalid' });
        await saveMinutes(c.get('db'), actorOf(c), id, version.data, text('body').slice(0, 50_000), c.get('deps').clock.now());
        break;
      case 'edit':
        // Back from the confirmation to the editor, with the text as typed.
        return page(c, { values, errors: {} });
      case 'issue': {
        // Checked first, so the "cannot be changed after issue" question comes only for a form that can be issued.
        const errors: FieldErrorMap = {};
        if (!text('body').trim()) errors.body = 'validation.required';
        if (!text('documentNumber').trim()) errors.documentNumber = 'minutes.error.numberRequired';
        if (!version.success) errors._form = 'validation.invalid';
        if (Object.keys(errors).length) throw new FieldErrors(errors);
        checkIssuable(loaded.detail.meeting);
        await checkTypedNumber(c.get('db'), 'minutes', now, text('documentNumber'));
        if (values.confirm !== '1') return page(c, { values, errors: {}, confirm: true });
        await issueMinutes(c.get('db'), { ...actorOf(c), userId: user.id }, id, version.data!, text('documentNumber').slice(0, 60), now, text('body').slice(0, 50_000));
        break;
      }
      case 'addendum':
        await addAddendum(c.get('db'), { ...actorOf(c), userId: user.id }, id, text('addendum').slice(0, 10_000));
        break;
      default:
        throw new FieldErrors({ _form: 'validation.choose' });
    }
    return null;
  });
  if (!done.ok) return page(c, { values, errors: done.errors }, done.status);
  if (done.value) return done.value;
  const saved = { draft: 'minutes.flash.drafted', save: 'minutes.flash.saved', issue: 'minutes.flash.issued', addendum: 'minutes.flash.addendum' } as const;
  setFlash(c, saved[values.action as keyof typeof saved]);
  return seeOther(c, `/meetings/${id}/minutes`);
});
