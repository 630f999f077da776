import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { z } from 'zod';
import { departments, schools, users } from '../db/schema/index.js';
import type { AppContext, AppEnv } from '../env.js';
import type { MessageKey } from '../i18n/index.js';
import { setFlash } from '../lib/flash.js';
import { attempt, readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { versionField } from '../lib/form-fields.js';
import { actorOf, seeOther, wantsFragment } from '../lib/http.js';
import { RecordListPage, RecordTable } from '../../views/admin/resource.js';
import { UserFormPage } from '../../views/admin/users.js';
import { renderFragment, renderPage } from '../../views/render.js';
import { listParams, recordToValues } from './resource-routes.js';
import { listRecords, type ResourceSpec } from './resource.js';
import { departmentOptions, schoolOptions } from './specs.js';
import { createUser, endUserSessions, getUser, resetPassword, setUserActive, updateUser, userCreateSchema, userUpdateSchema } from './users.js';
import { ROLES } from '../db/schema/index.js';
import { hasTwoFactor, resetTwoFactor } from '../auth/two-factor.js';
import { unitShortName } from './unit-names.js';

const BASE = '/admin/users';

/** The user list reuses the generic list (search, status filter, keyset pages). */
const userListSpec: ResourceSpec = {
  entity: 'user',
  basePath: BASE,
  title: 'user.plural',
  newTitle: 'user.new',
  editTitle: 'user.edit',
  table: users,
  sortColumn: users.username,
  sortField: 'username',
  searchColumns: [users.username, users.displayName],
  fields: [],
  schema: z.object({}),
  columns: [
    { label: 'user.username', value: (r) => String(r.username) },
    { label: 'user.displayName', value: (r) => String(r.displayName) },
    { label: 'user.role', value: (r, t) => t(`role.${String(r.role)}` as MessageKey) },
    { label: 'user.unit', value: (r) => String(r.schoolName ?? r.departmentName ?? '') },
  ],
  listQuery: () => ({
    select: { schoolName: schools.name, departmentName: unitShortName },
    join: (q: any) => q.leftJoin(schools, eq(schools.id, users.schoolId)).leftJoin(departments, eq(departments.id, users.departmentId)),
  }),
  uniqueFields: { users_username_uq: 'username' },
};

const userId = (c: AppContext) => z.string().uuid().safeParse(c.req.param('id'));

async function formPage(c: AppContext, form: { values?: FormValues; errors?: FieldErrorMap }, record: Awaited<ReturnType<typeof getUser>> | undefined, status: 200 | 409 | 422 = 200) {
  const options = {
    role: ROLES.map((r) => ({ value: r, label: c.get('t')(`role.${r}`) })),
    schoolId: await schoolOptions(c.get('db')),
    departmentId: await departmentOptions(c.get('db'), c.get('t'), c.get('locale')),
  };
  const title = c.get('t')(record ? 'user.edit' : 'user.new');
  const twoFactor = record ? await hasTwoFactor(c.get('db'), record.id) : false;
  return renderPage(c, title, <UserFormPage form={form} options={options} record={record} twoFactor={twoFactor} />, status);
}

export function mountUsers(app: Hono<AppEnv>) {
  app.get('/users', async (c) => {
    const params = listParams(c);
    const page = await listRecords(c.get('db'), userListSpec, params);
    const view = { basePath: BASE, title: 'user.plural' as const, columns: userListSpec.columns, page, params };
    if (wantsFragment(c)) return renderFragment(c, <RecordTable {...view} />);
    return renderPage(c, c.get('t')('user.plural'), <RecordListPage {...view} />);
  });

  app.get('/users/new', (c) => formPage(c, { values: {} }, undefined));

  app.post('/users', async (c) => {
    const parsed = validate(userCreateSchema, await readForm(c));
    if (!parsed.ok) return formPage(c, parsed, undefined, 422);
    const created = await attempt(() => createUser(c.get('db'), actorOf(c), parsed.data));
    if (!created.ok) return formPage(c, { values: parsed.values, errors: created.errors }, undefined, 422);
    setFlash(c, 'flash.created');
    return seeOther(c, `${BASE}/${created.value}`);
  });

  app.get('/users/:id', async (c) => {
    const id = userId(c);
    if (!id.success) return c.notFound();
    const user = await getUser(c.get('db'), id.data);
    return formPage(c, { values: recordToValues(user) }, user);
  });

  app.post('/users/:id', async (c) => {
    const id = userId(c);
    if (!id.success) return c.notFound();
    const user = await getUser(c.get('db'), id.data);
    const values = await readForm(c);
    const parsed = validate(userUpdateSchema, values);
    const version = versionField().safeParse(values.version);
    if (!parsed.ok || !version.success) return formPage(c, { values: { ...values, username: user.username }, errors: parsed.ok ? { _form: 'validation.invalid' } : parsed.errors }, user, 422);
    const updated = await attempt(() => updateUser(c.get('db'), actorOf(c), id.data, version.data, parsed.data));
    if (!updated.ok && updated.status === 409) {
      // Someone else's change: the form shows the latest record, to be changed again.
      const latest = await getUser(c.get('db'), id.data);
      return formPage(c, { values: recordToValues(latest), errors: { _form: 'error.conflict' } }, latest, 409);
    }
    if (!updated.ok) return formPage(c, { values: { ...values, username: user.username }, errors: updated.errors }, user, 422);
    setFlash(c, 'user.flash.saved');
    return seeOther(c, `${BASE}/${id.data}`);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`/users/:id/${action}`, async (c) => {
      const id = userId(c);
      if (!id.success) return c.notFound();
      if (!active && id.data === c.get('user')?.id) {
        // The button is on the user's own page: that page again, with why.
        const user = await getUser(c.get('db'), id.data);
        return formPage(c, { values: recordToValues(user), errors: { _form: 'user.cannotDeactivateSelf' } }, user, 409);
      }
      await setUserActive(c.get('db'), actorOf(c), id.data, active);
      setFlash(c, active ? 'flash.activated' : 'flash.deactivated');
      return seeOther(c, `${BASE}/${id.data}`);
    });
  }

  app.post('/users/:id/reset-password', async (c) => {
    const id = userId(c);
    if (!id.success) return c.notFound();
    const user = await getUser(c.get('db'), id.data);
    const form = await readForm(c);
    const password = typeof form.password === 'string' ? form.password : '';
    const reset = password ? await attempt(() => resetPassword(c.get('db'), actorOf(c), id.data, password)) : { ok: false as const, errors: { password: 'validation.required' as const } };
    if (!reset.ok) return formPage(c, { values: recordToValues(user), errors: reset.errors }, user, 422);
    setFlash(c, 'flash.passwordReset');
    return seeOther(c, `${BASE}/${id.data}`);
  });

  /** A lost phone and no recovery code: the user sets two-factor sign-in up again at the next sign-in. */
  app.post('/users/:id/reset-two-factor', async (c) => {
    const id = userId(c);
    if (!id.success) return c.notFound();
    await getUser(c.get('db'), id.data);
    await resetTwoFactor(c.get('db'), actorOf(c), id.data);
    setFlash(c, 'flash.twoFactorReset');
    return seeOther(c, `${BASE}/${id.data}`);
  });

  app.post('/users/:id/logout-everywhere', async (c) => {
    const id = userId(c);
    if (!id.success) return c.notFound();
    await endUserSessions(c.get('db'), actorOf(c), id.data);
    setFlash(c, 'flash.sessionsEnded');
    return seeOther(c, `${BASE}/${id.data}`);
  });
}
