import { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import { stream } from 'hono/streaming';
import { pendingQuota } from '../config.js';
import type { AppContext, AppEnv } from '../env.js';
import { DomainError } from '../lib/errors.js';
import { setFlash } from '../lib/flash.js';
import { attempt, fieldValue, readFormBody, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, currentUser, seeOther, wantsFragment } from '../lib/http.js';
import { parseQuery } from '../lib/query.js';
import type { MessageKey } from '../i18n/index.js';
import { canReportFor, mayReportHazards, type HazardActionPath } from '../policy.js';
import { photoForUser, storeUploads, type PhotoRow, type UploadError } from '../photos/service.js';
import { pendingPhotos } from './data.js';
import { hazardDetail, type HazardDetail } from './detail.js';
import * as forms from './forms.js';
import { authorizeHazardAction, HAZARD_ACTIONS, performHazardAction, takesPhotos } from './actions.js';
import { REGISTER_COUNT_CAP, registerCount, registerFilterSchema, registerPage, registerRows, type RegisterFilter } from './register.js';
import { csvHeader, csvLine } from './csv.js';
import { reportFormOptions, registerFilterOptions } from './options.js';
import * as service from './service.js';
import { scoringConfig, verifyOverdueDays } from './settings.js';
import { AcceptancePage, HazardPage } from '../../views/hazards/detail.js';
import { RegisterPage, RegisterResults } from '../../views/hazards/register.js';
import { ReportPage, PhotoPicker } from '../../views/hazards/report.js';
import { renderFragment, renderPage } from '../../views/render.js';
import { shanghaiDate, shanghaiInputValue } from '../lib/shanghai-time.js';

export const hazardRoutes = new Hono<AppEnv>();

const hazardId = (c: AppContext) => recordId(c.req.param('id'));

function hazardActor(c: AppContext): service.HazardActor {
  const user = currentUser(c);
  return { ...actorOf(c), userId: user.id, user, now: c.get('deps').clock.now() };
}

/** Form fields and uploaded files of a (possibly multipart) body. */
async function readBody(c: AppContext): Promise<{ values: FormValues; files: File[] }> {
  const body = await readFormBody(c);
  return { values: body.values, files: body.files.photos ?? [] };
}

const UPLOAD_MESSAGES: Record<UploadError, MessageKey> = {
  tooLarge: 'photo.tooLarge',
  notImage: 'photo.notImage',
  corrupt: 'photo.corrupt',
  tooMany: 'photo.tooMany',
  tooManyPixels: 'photo.tooManyPixels',
  quota: 'upload.quota',
  storageFull: 'upload.storageFull',
};
type UploadStatus = 413 | 422 | 429 | 507;
const UPLOAD_STATUS: Record<UploadError, UploadStatus> = { tooLarge: 413, notImage: 422, corrupt: 422, tooMany: 422, tooManyPixels: 422, quota: 429, storageFull: 507 };

/**
 * Drops the photos ticked "remove" from the form's photoIds, stores new files and adds their ids; an
 * upload problem becomes a field error (the form keeps the photos it had).
 */
async function withUploads(c: AppContext, sent: FormValues, files: File[]): Promise<{ values: FormValues; uploadError?: { status: UploadStatus; key: MessageKey } }> {
  const removed = new Set(([] as string[]).concat(sent.removePhotoIds ?? []));
  const ids = ([] as string[]).concat(sent.photoIds ?? []).filter((id) => !removed.has(id));
  const { removePhotoIds: _removed, ...rest } = sent;
  const values: FormValues = { ...rest, photoIds: ids };
  const { storage, clock, config } = c.get('deps');
  const result = await storeUploads(c.get('db'), storage, currentUser(c), files, { alreadyAttached: ids.length, now: clock.now(), quota: pendingQuota(config), maxPixels: config.maxImagePixels });
  if (!result.ok) return { values, uploadError: { status: UPLOAD_STATUS[result.error], key: UPLOAD_MESSAGES[result.error] } };
  return { values: { ...values, photoIds: [...ids, ...result.photos.map((p) => p.id)] } };
}

async function photosOfForm(c: AppContext, values: FormValues): Promise<PhotoRow[]> {
  return pendingPhotos(c.get('db'), ([] as string[]).concat(values.photoIds ?? []), currentUser(c).id);
}

// ---------------------------------------------------------------------------------------------------
// Register

/** The register's filter from the URL; the configured days only when the filter needs them. */
async function filterOf(c: AppContext): Promise<RegisterFilter> {
  const filter: RegisterFilter = parseQuery(c, registerFilterSchema);
  if (filter.verifyOverdue) filter.verifyOverdueDays = await verifyOverdueDays(c.get('db'));
  return filter;
}

hazardRoutes.get('/hazards', async (c) => {
  const user = currentUser(c);
  const filter = await filterOf(c);
  const now = c.get('deps').clock.now();
  const query = new URL(c.req.url).search;
  const db = c.get('db');
  // The options name the chips of the active filters, so the swapped-in results need them too (cached).
  const [page, count, options] = await Promise.all([
    registerPage(db, user, filter, now),
    registerCount(db, user, filter, now, REGISTER_COUNT_CAP),
    registerFilterOptions(db, user, c.get('t'), c.get('locale')),
  ]);
  const results = { page, filter, options, count, countCap: REGISTER_COUNT_CAP, query, now };
  if (wantsFragment(c)) return renderFragment(c, <RegisterResults {...results} />);
  return renderPage(c, c.get('t')('hazard.register'), <RegisterPage {...results} canReport={mayReportHazards(user)} />);
});

hazardRoutes.get('/hazards/export.csv', async (c) => {
  const user = currentUser(c);
  const filter = await filterOf(c);
  const now = c.get('deps').clock.now();
  const { t, locale, db } = c.var;
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="hazards-${shanghaiDate(now)}.csv"`);
  return stream(
    c,
    async (out) => {
      await out.write('\uFEFF' + csvHeader(t));
      for await (const row of registerRows(db, user, filter, now)) await out.write(csvLine(row, t, locale, now));
    },
    // The status line is already sent: log it, and end the file with a line saying it is incomplete.
    async (err, out) => {
      c.get('deps').logger.error('csv export failed', { requestId: c.get('requestId'), error: err.message });
      await out.write(`\r\n${t('hazard.exportIncomplete', { id: c.get('requestId') })}\r\n`);
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// Report

async function reportForm(c: AppContext, values: FormValues, errors: FieldErrorMap, status: 200 | UploadStatus = 200) {
  const user = currentUser(c);
  const school = fieldValue(values, 'schoolId');
  const options = await reportFormOptions(c.get('db'), user, c.get('t'), c.get('locale'), /^\d{1,9}$/.test(school) ? Number(school) : null);
  const photos = await photosOfForm(c, values);
  return renderPage(c, c.get('t')('hazard.report'), <ReportPage form={{ values, errors }} options={options} photos={photos} />, status);
}

hazardRoutes.get('/hazards/new', (c) => {
  const user = currentUser(c);
  const now = c.get('deps').clock.now();
  const recurrenceOf = c.req.query('recurrenceOf');
  return reportForm(c, {
    subjectType: 'campus',
    source: 'self_check',
    foundAt: shanghaiInputValue(now),
    foundBy: user.displayName,
    schoolId: user.schoolId ? String(user.schoolId) : (c.req.query('school') ?? ''),
    recurrenceOfId: recurrenceOf && /^\d+$/.test(recurrenceOf) ? recurrenceOf : '',
    riskPointId: /^\d{1,9}$/.test(c.req.query('riskPoint') ?? '') ? c.req.query('riskPoint')! : '',
    submissionKey: crypto.randomUUID(),
  }, {});
});

hazardRoutes.post('/hazards', async (c) => {
  const user = currentUser(c);
  const body = await readBody(c);
  // An officer always reports for their own school, whatever the form says.
  if (user.role === 'officer') body.values.schoolId = String(user.schoolId ?? '');
  const uploaded = await withUploads(c, body.values, body.files);
  if (uploaded.uploadError) return reportForm(c, uploaded.values, { photos: uploaded.uploadError.key }, uploaded.uploadError.status);
  const parsed = validate(forms.reportSchema, uploaded.values);
  if (!parsed.ok) return reportForm(c, parsed.values, parsed.errors, 422);
  if (parsed.data.subjectType !== 'institution' && !canReportFor(user, parsed.data.schoolId)) return c.notFound();
  const reported = await attempt(() =>
    service.reportHazard(c.get('db'), hazardActor(c), {
      ...parsed.data,
      distanceBand: parsed.data.distanceBand ?? null,
      submissionKey: parsed.data.submissionKey || null,
    }),
  );
  if (!reported.ok) {
    // The earlier hazard cannot be linked: sent again, the form reports without the link.
    const values = reported.errors._form === 'hazard.unknownRecurrence' ? { ...parsed.values, recurrenceOfId: '' } : parsed.values;
    return reportForm(c, values, reported.errors, 422);
  }
  setFlash(c, 'hazard.reported');
  return seeOther(c, `/hazards/${reported.value}`);
});

/** htmx: uploads photos as soon as they are chosen and returns the picker with them attached. */
hazardRoutes.post('/hazards/photos', async (c) => {
  const body = await readBody(c);
  const uploaded = await withUploads(c, body.values, body.files);
  const photos = await photosOfForm(c, uploaded.values);
  const status = uploaded.uploadError?.status ?? 200;
  const picker = typeof body.values.picker === 'string' && /^[a-z-]{1,20}$/.test(body.values.picker) ? body.values.picker : 'photos';
  return renderFragment(c, <PhotoPicker photos={photos} error={uploaded.uploadError?.key} picker={picker} />, status);
});

hazardRoutes.get('/photos/:id', async (c) => {
  const photo = await photoForUser(c.get('db'), currentUser(c), c.req.param('id'));
  if (!photo) return c.notFound();
  const file = await c.get('deps').storage.get(photo.storageKey);
  if (!file) return c.notFound();
  c.header('Content-Type', photo.contentType);
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(file.bytes as Uint8Array<ArrayBuffer>);
});

// ---------------------------------------------------------------------------------------------------
// Hazard page and its actions

type Problem = { action: string; values: FormValues; errors: FieldErrorMap };

async function hazardPage(c: AppContext, id: number, problem?: Problem, status: 200 | 409 | UploadStatus = 200) {
  const detail = await hazardDetail(c.get('db'), currentUser(c), id, c.get('deps').clock.now());
  if (!detail) return c.notFound();
  const formPhotos = problem ? await photosOfForm(c, problem.values) : [];
  const options = detail.actions.includes('assign') ? await reportFormOptions(c.get('db'), currentUser(c), c.get('t'), c.get('locale')) : undefined;
  const scoring = detail.actions.includes('verify') ? await scoringConfig(c.get('db')) : undefined;
  return renderPage(c, `${detail.hazard.number} · ${c.get('t')('hazard.title')}`, <HazardPage detail={detail} problem={problem} formPhotos={formPhotos} options={options} scoring={scoring} now={c.get('deps').clock.now()} />, status);
}

hazardRoutes.get('/hazards/:id', async (c) => {
  const id = hazardId(c);
  return id ? hazardPage(c, id) : c.notFound();
});

/** 验收: the evidence before and after, with the accept and reject forms (and, refused, what was typed). */
async function acceptancePage(c: AppContext, id: number, problem?: Problem, status: 200 | 409 | 422 = 200) {
  const detail: HazardDetail | null = await hazardDetail(c.get('db'), currentUser(c), id, c.get('deps').clock.now());
  if (!detail) return c.notFound();
  // Refused because someone else accepted or rejected first: the hazard page says what happened.
  if (problem && !detail.actions.includes('accept') && !detail.actions.includes('reject')) return hazardPage(c, id, problem, status === 200 ? 409 : status);
  if (!detail.actions.includes('accept') && !detail.actions.includes('reject')) {
    throw new DomainError(detail.hazard.state === 'RECTIFIED' ? 403 : 409, detail.hazard.state === 'RECTIFIED' ? 'hazard.cannotAcceptOwn' : 'lifecycle.wrongState');
  }
  return renderPage(c, `${detail.hazard.number} · ${c.get('t')('hazard.acceptance')}`, <AcceptancePage detail={detail} problem={problem} />, status);
}

hazardRoutes.get('/hazards/:id/accept', async (c) => {
  const id = hazardId(c);
  return id ? acceptancePage(c, id) : c.notFound();
});

/** The page that holds each action's form: accept and reject are on the acceptance page, the rest on the hazard page. */
const pageOfAction = (path: HazardActionPath) => (path === 'accept' || path === 'reject' ? acceptancePage : hazardPage);

/**
 * One route per hazard action (the table in actions.ts): parse the form (with uploads when it carries
 * photos), run the use case, redirect back to the hazard. Bad input → 422 with the form filled in;
 * someone else's change → 409 with the current state.
 */
for (const path of Object.keys(HAZARD_ACTIONS) as HazardActionPath[]) {
  hazardRoutes.post(`/hazards/:id/${path}`, async (c) => {
    const id = hazardId(c);
    if (!id || (await authorizeHazardAction(c.get('db'), currentUser(c), id, path)) === 'notFound') return c.notFound();
    const body = await readBody(c);
    let values = body.values;
    if (takesPhotos(path)) {
      const uploaded = await withUploads(c, values, body.files);
      if (uploaded.uploadError) return hazardPage(c, id, { action: path, values: uploaded.values, errors: { photos: uploaded.uploadError.key } }, uploaded.uploadError.status);
      values = uploaded.values;
    }
    const result = await performHazardAction(c, id, path, values, hazardActor(c));
    if (!result.ok) return pageOfAction(path)(c, id, result.problem, result.status);
    setFlash(c, result.flash);
    return seeOther(c, `/hazards/${id}`);
  });
}
