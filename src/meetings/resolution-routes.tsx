import { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../env.js';
import { departmentOptions } from '../admin/specs.js';
import { setFlash } from '../lib/flash.js';
import { attempt, readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { optionalText, versionField } from '../lib/form-fields.js';
import { actorOf, currentUser, seeOther } from '../lib/http.js';
import { MeetingDetailPage } from '../../views/meetings/pages.js';
import { ResolutionListPage, ResolutionPage } from '../../views/meetings/resolutions.js';
import { renderPage } from '../../views/render.js';
import { resolutionSchema } from './forms.js';
import { actOnResolution, createResolution, listResolutions, loadResolution } from './resolution-service.js';
import { loadMeeting } from './service.js';
import { uploadFormFiles, type FormUpload } from '../attachments/routes.js';
import { attachFiles, discardAttachments, noteFiles, topicFiles } from '../attachments/service.js';
import type { ResolutionAction } from './resolutions.js';

export const resolutionRoutes = new Hono<AppEnv>();

const idOf = (c: AppContext) => recordId(c.req.param('id'));


/** From the meeting page: the supervisor records a decision as a resolution. */
resolutionRoutes.post('/meetings/:id/resolutions', async (c) => {
  const id = idOf(c);
  const user = currentUser(c);
  const detail = id ? await loadMeeting(c.get('db'), user, id, c.get('deps').clock.now()) : null;
  if (!id || !detail) return c.notFound();
  const values = await readForm(c);
  const now = c.get('deps').clock.now();
  const page = async (errors: FieldErrorMap, status: 409 | 422 = 422) => {
    const units = await departmentOptions(c.get('db'), c.get('t'), c.get('locale'));
    return renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={now} units={units} resolutionForm={{ values, errors }} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
  };
  const parsed = validate(resolutionSchema, values);
  if (!parsed.ok) return page(parsed.errors);
  const created = await attempt(() => createResolution(c.get('db'), { ...actorOf(c), userId: user.id }, { ...parsed.data, meetingId: id }, now));
  if (!created.ok) return page(created.errors, created.status);
  setFlash(c, 'resolution.flash.created');
  return seeOther(c, `/meetings/${id}`);
});

resolutionRoutes.get('/resolutions', async (c) => {
  const list = await listResolutions(c.get('db'), currentUser(c));
  return renderPage(c, c.get('t')('resolution.plural'), <ResolutionListPage resolutions={list} now={c.get('deps').clock.now()} />);
});

async function resolutionPage(c: AppContext, id: number, form?: { action: string; values: FormValues; errors: FieldErrorMap }, status: 200 | 409 | 413 | 422 | 429 | 507 = 200) {
  const detail = await loadResolution(c.get('db'), currentUser(c), id);
  if (!detail) return c.notFound();
  return renderPage(c, c.get('t')('resolution.title'), <ResolutionPage detail={detail} now={c.get('deps').clock.now()} form={form} noteFiles={await noteFiles(c.get('db'), detail)} />, status);
}

resolutionRoutes.get('/resolutions/:id', async (c) => {
  const id = idOf(c);
  return id ? resolutionPage(c, id) : c.notFound();
});

const actionSchema = (actions: readonly [ResolutionAction, ...ResolutionAction[]]) => z.object({ version: versionField(), action: z.enum(actions, { error: 'validation.choose' }), text: optionalText(2000) });

for (const [path, actions] of [
  ['feedback', ['feedback', 'reportDone']],
  ['decision', ['confirm', 'sendBack', 'cancel']],
] as const) {
  resolutionRoutes.post(`/resolutions/:id/${path}`, async (c) => {
    const id = idOf(c);
    const user = currentUser(c);
    if (!id || !(await loadResolution(c.get('db'), user, id))) return c.notFound();
    const values = await readForm(c);
    const parsed = validate(actionSchema(actions), values);
    if (!parsed.ok) return resolutionPage(c, id, { action: path, values, errors: parsed.errors }, 422);
    // Units' feedback may carry files; the bureau's decisions are text only.
    const upload: FormUpload = path === 'feedback' ? await uploadFormFiles(c) : { ok: true, stored: [] };
    if (!upload.ok) return resolutionPage(c, id, { action: path, values, errors: { files: upload.error } }, upload.status);
    const ids = upload.stored.map((f) => f.id);
    let acted;
    try {
      acted = await attempt(() => actOnResolution(c.get('db'), { ...actorOf(c), user }, id, parsed.data.version, parsed.data.action, parsed.data.text, (tx, noteId) => attachFiles(tx, user, ids, 'resolutionNote', noteId)));
    } finally {
      // The files stay only with a saved note; the unit picks them again with the corrected form.
      if (!acted?.ok) await discardAttachments(c.get('db'), c.get('deps').storage, upload.stored);
    }
    if (!acted.ok) return resolutionPage(c, id, { action: path, values, errors: acted.errors }, acted.status);
    setFlash(c, `resolution.flash.${parsed.data.action}`);
    return seeOther(c, `/resolutions/${id}`);
  });
}
