/** The risk register's pages: the list, a new point, one point, its edit form, re-assessment and retiring. */
import { recordId } from '../lib/form-fields.js';
import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import type { AppContext, AppEnv } from '../env.js';
import { departmentOptions, schoolOptions, townOptions } from '../admin/specs.js';
import { schools } from '../db/schema/index.js';
import { categoryOptions } from '../hazards/options.js';
import { scoringConfig } from '../hazards/settings.js';
import { isOneOf, RISK_LEVELS } from '../hazards/vocabulary.js';
import { setFlash } from '../lib/flash.js';

import { attempt, readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, currentUser, seeOther } from '../lib/http.js';
import { choosesSchool, mayOpenPage, recordsRisksForOwnSchoolOnly } from '../policy.js';
import { renderPage } from '../../views/render.js';
import { RiskPage, type RiskProblem } from '../../views/risks/detail.js';
import { RiskFormPage, type RiskFormOptions } from '../../views/risks/form.js';
import { RiskListPage } from '../../views/risks/list.js';
import { RiskMapPage } from '../../views/risks/map.js';
import { RiskCardPage } from '../../views/risks/card.js';
import { RiskOverviewPage } from '../../views/risks/overview.js';
import { mapPoints, riskCounts } from './overview.js';
import { riskListWorkbook } from './export.js';
import { shanghaiDate } from '../lib/shanghai-time.js';
import { assessSchema, editSchema, recordSchema, retireSchema, scoringOf } from './forms.js';
import { listRisks, loadRisk, RISK_LIST_LIMIT, type RiskFilters } from './queries.js';
import { editRisk, reassessRisk, recordRisk, retireRisk } from './service.js';

export const riskRoutes = new Hono<AppEnv>();

const idOf = (c: AppContext) => recordId(c.req.param('id'));
const queryId = (v: string | undefined) => recordId(v) ?? undefined;
const now = (c: AppContext) => c.get('deps').clock.now();

/** The list's filters from the query (a school or town only for those whose points span schools). */
function filtersOf(c: AppContext): RiskFilters {
  const q = (name: string) => c.req.query(name) ?? '';
  const several = choosesSchool(currentUser(c));
  return {
    level: isOneOf(RISK_LEVELS, q('level')) ? q('level') as RiskFilters['level'] : undefined,
    review: isOneOf(['overdue', 'due'] as const, q('review')) ? (q('review') as RiskFilters['review']) : undefined,
    categoryId: queryId(q('categoryId')),
    schoolId: several ? queryId(q('schoolId')) : undefined,
    townId: several ? queryId(q('townId')) : undefined,
    retired: q('retired') === '1',
  };
}

riskRoutes.get('/risks', async (c) => {
  const user = currentUser(c);
  const db = c.get('db');
  const several = choosesSchool(user);
  const filters = filtersOf(c);
  const rows = await listRisks(db, user, filters, now(c));
  return renderPage(
    c,
    c.get('t')('risk.plural'),
    <RiskListPage
      rows={rows}
      filters={{ level: filters.level ?? '', review: filters.review ?? '', categoryId: String(filters.categoryId ?? ''), schoolId: String(filters.schoolId ?? ''), townId: String(filters.townId ?? ''), retired: filters.retired ?? false }}
      categories={await categoryOptions(db, c.get('locale'))}
      schools={several ? await schoolOptions(db) : null}
      towns={several ? await townOptions(db) : null}
      canRecord={mayOpenPage(user, 'GET', '/risks/new')}
      limit={RISK_LIST_LIMIT}
      query={new URL(c.req.url).search.slice(1)}
    />,
  );
});

async function formOptions(c: AppContext): Promise<RiskFormOptions> {
  const user = currentUser(c);
  const db = c.get('db');
  const ownSchool = recordsRisksForOwnSchoolOnly(user)
    ? (await db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.id, user.schoolId ?? -1))).map((s) => ({ value: String(s.id), label: s.name }))
    : null;
  return {
    schools: ownSchool ?? (await schoolOptions(db)),
    categories: await categoryOptions(db, c.get('locale')),
    departments: await departmentOptions(db, c.get('t'), c.get('locale')),
    method: (await scoringConfig(db)).method,
  };
}

async function newPage(c: AppContext, form: { values?: FormValues; errors?: FieldErrorMap }, status: 200 | 422 = 200) {
  return renderPage(c, c.get('t')('risk.new'), <RiskFormPage form={form} options={await formOptions(c)} />, status);
}

/** 风险清单 as .xlsx: the list the user sees with the same filters, in the ledger's usual columns. */
riskRoutes.get('/risks/export.xlsx', async (c) => {
  const rows = await listRisks(c.get('db'), currentUser(c), filtersOf(c), now(c));
  const bytes = riskListWorkbook(rows, c.get('t'), c.get('locale'));
  c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  c.header('Content-Disposition', `attachment; filename="risk-list-${shanghaiDate(now(c))}.xlsx"`);
  return c.body(bytes as Uint8Array<ArrayBuffer>);
});

/** 风险四色分布图: the officer's own school; the others choose one. */
riskRoutes.get('/risks/map', async (c) => {
  const user = currentUser(c);
  const db = c.get('db');
  const several = choosesSchool(user);
  const schoolId = several ? queryId(c.req.query('schoolId')) : (user.schoolId ?? undefined);
  const [school] = schoolId ? await db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.id, schoolId)) : [];
  const points = school ? await mapPoints(db, user, school.id) : [];
  return renderPage(c, c.get('t')('risk.map'), <RiskMapPage points={points} school={school ?? null} schools={several ? await schoolOptions(db) : null} />);
});

/** Counts by town, school and category, each linking to the list. */
riskRoutes.get('/risks/overview', async (c) => {
  const user = currentUser(c);
  const townId = queryId(c.req.query('townId'));
  const counts = await riskCounts(c.get('db'), user, townId);
  return renderPage(c, c.get('t')('risk.overview'), <RiskOverviewPage counts={counts} towns={await townOptions(c.get('db'))} townId={townId ?? null} />);
});

riskRoutes.get('/risks/new', (c) => newPage(c, { values: { schoolId: c.req.query('school') ?? '' } }));

riskRoutes.post('/risks', async (c) => {
  const user = currentUser(c);
  const values = await readForm(c);
  const parsed = validate(recordSchema, values);
  if (!parsed.ok) return newPage(c, parsed, 422);
  const { schoolId, reason, nextReviewOn, method: _m, likelihood: _li, severity: _s, l: _l, e: _e, c: _c, ...point } = parsed.data;
  const recorded = await attempt(() => recordRisk(c.get('db'), { ...actorOf(c), user, userId: user.id }, schoolId, point, { scoring: scoringOf(parsed.data), reason, nextReviewOn }, now(c)));
  if (!recorded.ok) return newPage(c, { values, errors: recorded.errors }, 422);
  setFlash(c, 'risk.flash.recorded');
  return seeOther(c, `/risks/${recorded.value}`);
});

async function riskPage(c: AppContext, id: number, problem?: RiskProblem, status: 200 | 409 | 422 = 200) {
  const user = currentUser(c);
  const detail = await loadRisk(c.get('db'), user, id, now(c));
  if (!detail) return c.notFound();
  const method = (await scoringConfig(c.get('db'))).method;
  return renderPage(c, detail.point.name, <RiskPage detail={detail} problem={problem} method={method} mayReportHazard={mayOpenPage(user, 'GET', '/hazards/new') && detail.actions.has('assess')} />, status);
}

riskRoutes.get('/risks/:id', (c) => {
  const id = idOf(c);
  return id ? riskPage(c, id) : c.notFound();
});

/** The edit form, filled from the point (or from what was typed, after a refusal). */
async function editPage(c: AppContext, id: number, form?: { values: FormValues; errors: FieldErrorMap }, status: 200 | 409 | 422 = 200) {
  const detail = await loadRisk(c.get('db'), currentUser(c), id, now(c));
  if (!detail) return c.notFound();
  if (!detail.actions.has('edit')) return riskPage(c, id, { form: 'assess', state: { errors: { _form: 'risk.error.retired' } } }, 409);
  const p = detail.point;
  const values: FormValues = form?.values ?? Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  return renderPage(c, c.get('t')('risk.edit'), <RiskFormPage form={{ values, errors: form?.errors }} options={await formOptions(c)} edit={{ id, version: p.version }} />, status);
}

/** 风险告知卡: the printable notice for posting at the point. */
riskRoutes.get('/risks/:id/card', async (c) => {
  const id = idOf(c);
  const detail = id ? await loadRisk(c.get('db'), currentUser(c), id, now(c)) : null;
  if (!detail) return c.notFound();
  return renderPage(c, `${c.get('t')('risk.card')} · ${detail.point.name}`, <RiskCardPage detail={detail} />);
});

riskRoutes.get('/risks/:id/edit', (c) => {
  const id = idOf(c);
  return id ? editPage(c, id) : c.notFound();
});

riskRoutes.post('/risks/:id', async (c) => {
  const id = idOf(c);
  const user = currentUser(c);
  if (!id || !(await loadRisk(c.get('db'), user, id, now(c)))) return c.notFound();
  const values = await readForm(c);
  const parsed = validate(editSchema, values);
  if (!parsed.ok) return editPage(c, id, parsed, 422);
  const { version, ...point } = parsed.data;
  const edited = await attempt(() => editRisk(c.get('db'), { ...actorOf(c), user }, id, version, point, now(c)));
  if (!edited.ok) return editPage(c, id, { values, errors: edited.errors }, edited.status);
  setFlash(c, 'flash.saved');
  return seeOther(c, `/risks/${id}`);
});

riskRoutes.post('/risks/:id/assess', async (c) => {
  const id = idOf(c);
  const user = currentUser(c);
  if (!id || !(await loadRisk(c.get('db'), user, id, now(c)))) return c.notFound();
  const values = await readForm(c);
  const parsed = validate(assessSchema, values);
  if (!parsed.ok) return riskPage(c, id, { form: 'assess', state: parsed }, 422);
  const d = parsed.data;
  const done = await attempt(() => reassessRisk(c.get('db'), { ...actorOf(c), user, userId: user.id }, id, d.version, { scoring: scoringOf(d), reason: d.reason, nextReviewOn: d.nextReviewOn }, d.measuresEmergency, now(c)));
  if (!done.ok) return riskPage(c, id, { form: 'assess', state: { values, errors: done.errors } }, done.status);
  setFlash(c, 'risk.flash.assessed');
  return seeOther(c, `/risks/${id}`);
});

riskRoutes.post('/risks/:id/retire', async (c) => {
  const id = idOf(c);
  const user = currentUser(c);
  if (!id || !(await loadRisk(c.get('db'), user, id, now(c)))) return c.notFound();
  const values = await readForm(c);
  const parsed = validate(retireSchema, values);
  if (!parsed.ok) return riskPage(c, id, { form: 'retire', state: parsed }, 422);
  const done = await attempt(() => retireRisk(c.get('db'), { ...actorOf(c), user, userId: user.id }, id, parsed.data.version, parsed.data.retiredReason, now(c)));
  if (!done.ok) return riskPage(c, id, { form: 'retire', state: { values, errors: done.errors } }, done.status);
  setFlash(c, 'risk.flash.retired');
  return seeOther(c, `/risks/${id}`);
});
