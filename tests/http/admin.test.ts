import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departments, events, hazardCategories, institutions, schools, towns, users } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/types.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { setupTestApp, type Agent, type FormInput, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeTown, makeUser, TEST_PASSWORD } from '../support/factories.js';

let ctx: TestContext;
let admin: Agent;
let adminId: string;
let townId: number;
let schoolId: number;
let psbId: number;

beforeAll(async () => {
  ctx = await setupTestApp();
  const user = await makeUser(ctx.db, 'admin');
  adminId = user.id;
  admin = ctx.agent('10.30.0.1');
  expect((await admin.signIn(user.username, TEST_PASSWORD)).status).toBe(303);
  townId = (await makeTown(ctx.db)).id;
  schoolId = (await makeSchool(ctx.db, townId)).id;
  psbId = (await departmentByCode(ctx.db, 'PSB')).id;
});
afterAll(() => ctx?.close());

let seq = 0;
/** A short unique lower-case token (names, codes and usernames of this file never collide). */
const uid = () => `${Date.now().toString(36).slice(-4)}${(++seq).toString(36)}${Math.random().toString(36).slice(2, 5)}`;

const decode = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');

/** The error shown beside a field, only if the field is also marked aria-invalid. */
function fieldError(html: string, field: string): string | undefined {
  if (!new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`).test(html)) return undefined;
  return new RegExp(`<p class="field-error" id="f-${field}-error">([^<]*)</p>`).exec(html)?.[1];
}

/** The value an input shows (decoded), or undefined when there is no such input. */
function inputValue(html: string, field: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bname="${field}"[^>]*>`).exec(html)?.[0];
  if (!tag) return undefined;
  return decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
}

/** The selected option of a select, or undefined. */
function selectedOption(html: string, field: string): string | undefined {
  const select = new RegExp(`<select[^>]*\\bname="${field}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  return select ? /<option value="([^"]*)" selected(?:="")?>/.exec(select)?.[1] : undefined;
}

/** The labels of the first column of a list (the links to the records), in order. */
function listedNames(html: string, base: string): string[] {
  const re = new RegExp(`<a href="${base}/[^"/]+">([^<]*)</a>`, 'g');
  return [...html.matchAll(re)].map((m) => decode(m[1]!));
}

function pagerLink(html: string, rel: 'next' | 'prev'): string | undefined {
  const href = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)?.[1];
  return href ? decode(href) : undefined;
}

async function eventsFor(entityType: string, entityId: string | number) {
  return ctx.db
    .select()
    .from(events)
    .where(and(eq(events.entityType, entityType), eq(events.entityId, String(entityId))))
    .orderBy(events.id);
}

/** Everything the table-driven tests need to know about one managed record type. */
interface ResourceCase {
  base: string;
  entity: string;
  /** the list's first column and what search matches */
  nameField: 'name' | 'username';
  /** a valid new record's form, with unique values */
  valid: () => FormInput;
  /** inserts a record straight into the database (for lists); returns its id */
  insert: (db: Db, name: string, active?: boolean) => Promise<string | number>;
  /** reads the stored record */
  load: (db: Db, id: string) => Promise<Record<string, unknown> | undefined>;
  /** required fields left out of a valid form */
  required: string[];
  tooLong: { field: string; max: number };
  invalidSelect?: { field: string; value: string; message: keyof typeof zhCN };
  /** a form that clashes with an existing record, and the field that says so */
  duplicate: () => Promise<{ form: FormInput; field: string }>;
  /** a change for the edit form */
  edit: (current: Record<string, unknown>) => FormInput;
  /** an id that cannot exist and one that is malformed */
  missingId: string;
  badId: string;
}

const lower = (s: string) => s.toLowerCase();

const CASES: ResourceCase[] = [
  {
    base: '/admin/towns',
    entity: 'town',
    nameField: 'name',
    valid: () => ({ name: `town${uid()}`, code: `T${uid()}`, kind: 'town' }),
    insert: async (db, name, active = true) => (await db.insert(towns).values({ name, code: `C${uid()}`, kind: 'subdistrict', active }).returning())[0]!.id,
    load: async (db, id) => (await db.select().from(towns).where(eq(towns.id, Number(id))))[0],
    required: ['name', 'code', 'kind'],
    tooLong: { field: 'name', max: 60 },
    invalidSelect: { field: 'kind', value: 'city', message: 'validation.choose' },
    duplicate: async () => {
      const code = `DUP${uid()}`;
      await ctx.db.insert(towns).values({ name: `dup${uid()}`, code, kind: 'town' });
      return { form: { name: `town${uid()}`, code, kind: 'town' }, field: 'code' };
    },
    edit: (r) => ({ name: `${String(r.name)}-edited`, code: String(r.code), kind: 'office' }),
    missingId: '999999',
    badId: 'abc',
  },
  {
    base: '/admin/schools',
    entity: 'school',
    nameField: 'name',
    valid: () => ({ name: `school${uid()}`, kind: 'junior', townId, address: '人民路 1 号', principalPhone: '0511-88886666' }),
    insert: async (db, name, active = true) => (await db.insert(schools).values({ name, kind: 'primary', townId, active }).returning())[0]!.id,
    load: async (db, id) => (await db.select().from(schools).where(eq(schools.id, Number(id))))[0],
    required: ['name', 'kind', 'townId'],
    tooLong: { field: 'address', max: 200 },
    invalidSelect: { field: 'kind', value: 'university', message: 'validation.choose' },
    duplicate: async () => {
      const name = `dupschool${uid()}`;
      await ctx.db.insert(schools).values({ name, kind: 'primary', townId });
      return { form: { name, kind: 'primary', townId }, field: 'name' };
    },
    edit: (r) => ({ name: `${String(r.name)}-edited`, kind: 'senior', townId: String(r.townId), address: '新地址' }),
    missingId: '999999',
    badId: '1.5',
  },
  {
    base: '/admin/institutions',
    entity: 'institution',
    nameField: 'name',
    valid: () => ({ name: `inst${uid()}`, townId, licenceNo: `教民${uid()}`, contactPhone: '+86 138 0000 0000' }),
    insert: async (db, name, active = true) => (await db.insert(institutions).values({ name, townId, active }).returning())[0]!.id,
    load: async (db, id) => (await db.select().from(institutions).where(eq(institutions.id, Number(id))))[0],
    required: ['name', 'townId'],
    tooLong: { field: 'licenceNo', max: 60 },
    invalidSelect: { field: 'townId', value: 'not-a-town', message: 'validation.required' },
    duplicate: async () => {
      const name = `dupinst${uid()}`;
      await ctx.db.insert(institutions).values({ name, townId });
      return { form: { name, townId }, field: 'name' };
    },
    edit: (r) => ({ name: `${String(r.name)}-edited`, townId: String(r.townId), contactName: '王老师' }),
    missingId: '999999',
    badId: '-3',
  },
  {
    base: '/admin/departments',
    entity: 'department',
    nameField: 'name',
    valid: () => ({ name: `dept${uid()}`, nameEn: 'Test unit', code: `D_${uid().toUpperCase()}`, isCore: true }),
    insert: async (db, name, active = true) => (await db.insert(departments).values({ name, code: `L_${uid().toUpperCase()}`, active }).returning())[0]!.id,
    load: async (db, id) => (await db.select().from(departments).where(eq(departments.id, Number(id))))[0],
    required: ['name', 'code'],
    tooLong: { field: 'name', max: 60 },
    duplicate: async () => ({ form: { name: `dept${uid()}`, code: 'PSB' }, field: 'code' }),
    edit: (r) => ({ name: `${String(r.name)}-edited`, code: String(r.code), liaisonPhone: '13800000000' }),
    missingId: '999999',
    badId: 'x1',
  },
  {
    base: '/admin/categories',
    entity: 'hazardCategory',
    nameField: 'name',
    valid: () => ({ name: `cat${uid()}`, code: `C_${uid().toUpperCase()}`, defaultLeadDepartmentId: psbId }),
    insert: async (db, name, active = true) => (await db.insert(hazardCategories).values({ name, code: `K_${uid().toUpperCase()}`, active }).returning())[0]!.id,
    load: async (db, id) => (await db.select().from(hazardCategories).where(eq(hazardCategories.id, Number(id))))[0],
    required: ['name', 'code'],
    tooLong: { field: 'name', max: 60 },
    invalidSelect: { field: 'defaultLeadDepartmentId', value: 'abc', message: 'validation.invalid' },
    duplicate: async () => ({ form: { name: `cat${uid()}`, code: 'FIRE' }, field: 'code' }),
    edit: (r) => ({ name: `${String(r.name)}-edited`, code: String(r.code), defaultLeadDepartmentId: '' }),
    missingId: '999999',
    badId: '0',
  },
  {
    base: '/admin/users',
    entity: 'user',
    nameField: 'username',
    valid: () => ({ username: `new.user-${uid()}`, displayName: '张三', role: 'supervisor', phone: '13912345678', password: 'Initial-Secret-2026' }),
    insert: async (db, name, active = true) => (await makeUser(db, 'leader', { username: name, active })).id,
    load: async (db, id) => (await db.select().from(users).where(eq(users.id, id)))[0],
    required: ['username', 'displayName', 'role', 'password'],
    tooLong: { field: 'displayName', max: 40 },
    invalidSelect: { field: 'role', value: 'root', message: 'validation.choose' },
    duplicate: async () => {
      const existing = await makeUser(ctx.db, 'leader', { username: `dupuser${uid()}` });
      // Usernames are unique whatever the letter case.
      return { form: { username: existing.username.toUpperCase(), displayName: 'X', role: 'leader', password: 'Initial-Secret-2026' }, field: 'username' };
    },
    edit: (r) => ({ displayName: `${String(r.displayName)}-edited`, role: 'leader', phone: '' }),
    missingId: '00000000-0000-4000-8000-000000000000',
    badId: 'abc',
  },
];

describe.each(CASES)('$base', (rc) => {
  const createdId = async (res: Response) => {
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${rc.base}/`)).toBe(true);
    return location.slice(rc.base.length + 1);
  };

  describe('list', () => {
    const prefix = `pg${uid()}`;
    const names = Array.from({ length: 25 }, (_, i) => `${prefix}r${String(i + 1).padStart(2, '0')}`);
    const inactiveName = `${prefix}zinactive`;

    beforeAll(async () => {
      for (const name of names) await rc.insert(ctx.db, name);
      await rc.insert(ctx.db, inactiveName, false);
    });

    it('opens (200) with a heading and a link to the new-record form', async () => {
      const res = await admin.get(rc.base);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<html');
      expect(html).toContain(`href="${rc.base}/new"`);
    });

    it('search (q=) filters the rows', async () => {
      const one = await (await admin.get(`${rc.base}?q=${names[6]}`)).text();
      expect(listedNames(one, rc.base)).toEqual([names[6]]);
      // Case-insensitive, and LIKE wildcards in the query are taken literally.
      const upper = await (await admin.get(`${rc.base}?q=${names[6]!.toUpperCase()}`)).text();
      expect(listedNames(upper, rc.base)).toEqual([names[6]]);
      const wildcard = await (await admin.get(`${rc.base}?q=${prefix}r_1`)).text();
      expect(listedNames(wildcard, rc.base)).toEqual([]);
      expect(wildcard).toContain(zhCN['list.empty']);
    });

    it('status=inactive shows the deactivated records only', async () => {
      const active = await (await admin.get(`${rc.base}?q=${prefix}z`)).text();
      expect(listedNames(active, rc.base)).toEqual([]);
      const inactive = await (await admin.get(`${rc.base}?q=${prefix}&status=inactive`)).text();
      expect(listedNames(inactive, rc.base)).toEqual([inactiveName]);
      expect(inactive).toContain(zhCN['status.inactive']);
      const all = await (await admin.get(`${rc.base}?q=${prefix}z&status=all`)).text();
      expect(listedNames(all, rc.base)).toEqual([inactiveName]);
    });

    it('pages through more than 20 rows with next and previous links', async () => {
      const first = await (await admin.get(`${rc.base}?q=${prefix}`)).text();
      expect(listedNames(first, rc.base).map(lower)).toEqual(names.slice(0, 20).map(lower));
      expect(pagerLink(first, 'prev')).toBeUndefined();
      const next = pagerLink(first, 'next');
      expect(next).toBeDefined();
      expect(next).toContain(`q=${prefix}`);

      const second = await (await admin.get(next!)).text();
      expect(listedNames(second, rc.base).map(lower)).toEqual(names.slice(20).map(lower));
      expect(pagerLink(second, 'next')).toBeUndefined();
      const prev = pagerLink(second, 'prev');
      expect(prev).toContain('before=');

      const back = await (await admin.get(prev!)).text();
      expect(listedNames(back, rc.base).map(lower)).toEqual(names.slice(0, 20).map(lower));
      expect(pagerLink(back, 'next')).toBeDefined();
    });

    it('a cursor the app did not make is a bad request (400), never a database error', async () => {
      const wrongKinds = btoa(JSON.stringify([1, 'x'])).replace(/=+$/, '');
      const hugeId = btoa(JSON.stringify(['a', 1e20])).replace(/=+$/, '');
      for (const cursor of ['not-a-cursor', wrongKinds, hugeId]) {
        expect((await admin.get(`${rc.base}?q=${prefix}&after=${cursor}`)).status).toBe(400);
      }
    });

    it('answers an htmx partial request with the table fragment only', async () => {
      const res = await admin.get(`${rc.base}?q=${prefix}`, { 'HX-Request': 'true', 'HX-Request-Type': 'partial' });
      expect(res.status).toBe(200);
      expect(res.headers.get('vary')).toContain('HX-Request');
      const html = await res.text();
      expect(html.startsWith('<div id="record-list">')).toBe(true);
      expect(html).not.toContain('<html');
      expect(html).not.toContain('<header');
      expect(listedNames(html, rc.base)).toHaveLength(20);
      // A boosted navigation (not a partial) still gets the whole page.
      const boosted = await admin.get(`${rc.base}?q=${prefix}`, { 'HX-Request': 'true' });
      expect(await boosted.text()).toContain('<html');
    });
  });

  describe('create', () => {
    it('the new-record form opens', async () => {
      const res = await admin.get(`${rc.base}/new`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`action="${rc.base}"`);
    });

    it('missing required fields → 422 with "required" beside each', async () => {
      const form = rc.valid();
      for (const field of rc.required) delete form[field];
      const res = await admin.post(rc.base, form);
      expect(res.status).toBe(422);
      const html = await res.text();
      for (const field of rc.required) expect(fieldError(html, field), field).toBe(zhCN[field === 'kind' || field === 'role' ? 'validation.choose' : 'validation.required']);
      expect(html).toContain('class="error-summary"');
    });

    it('over-long text → 422 "too long", and the typed values come back', async () => {
      const form = rc.valid();
      const long = '长'.repeat(rc.tooLong.max + 1);
      form[rc.tooLong.field] = long;
      const res = await admin.post(rc.base, form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, rc.tooLong.field)).toBe(zhCN['validation.tooLong']);
      expect(inputValue(html, rc.tooLong.field)).toBe(long);
      for (const [field, value] of Object.entries(form)) {
        if (field === 'password') expect(inputValue(html, field), 'password never echoed').toBe('');
        else if (typeof value === 'boolean') expect(html).toMatch(new RegExp(`name="${field}" checked`));
        else if (inputValue(html, field) !== undefined) expect(inputValue(html, field), field).toBe(String(value));
        else expect(selectedOption(html, field), field).toBe(String(value));
      }
      // Exactly the limit is fine (as far as this field goes).
      const exact = rc.valid();
      exact[rc.tooLong.field] = '长'.repeat(rc.tooLong.max);
      const ok = await admin.post(rc.base, exact);
      expect(ok.status).toBe(303);
    });

    it.runIf(rc.invalidSelect)('an invalid select value → 422 with its message', async () => {
      const { field, value, message } = rc.invalidSelect!;
      const res = await admin.post(rc.base, { ...rc.valid(), [field]: value });
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), field)).toBe(zhCN[message]);
    });

    it('a duplicate name or code → 422 "already in use" beside the field, values kept', async () => {
      const { form, field } = await rc.duplicate();
      const res = await admin.post(rc.base, form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, field)).toBe(zhCN['validation.taken']);
      expect(inputValue(html, field)).toBe(String(form[field]));
    });

    it('success → 303 to the record, which shows the values; a "created" event is written', async () => {
      const form = rc.valid();
      const res = await admin.post(rc.base, form);
      const id = await createdId(res);
      const page = await admin.get(`${rc.base}/${id}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(zhCN['flash.created']);
      const label = String(form[rc.nameField]);
      expect(rc.nameField === 'username' ? html.includes(label) : inputValue(html, rc.nameField) === label).toBe(true);
      const stored = await rc.load(ctx.db, id);
      expect(stored).toBeDefined();
      expect(stored!.active).toBe(true);
      const logged = await eventsFor(rc.entity, id);
      expect(logged.map((e) => e.action)).toEqual(['created']);
      expect(logged[0]!.actorId).toBe(adminId);
      expect(logged[0]!.ip).toBe('10.30.0.1');
      expect(logged[0]!.requestId).toBeTruthy();
      expect(JSON.stringify(logged[0]!.data)).not.toContain('Initial-Secret');
    });
  });

  describe('edit', () => {
    it('saves with the current version (303), and a stale version gets 409 with the current values', async () => {
      const id = await createdId(await admin.post(rc.base, rc.valid()));
      const formPage = await (await admin.get(`${rc.base}/${id}`)).text();
      const version = inputValue(formPage, 'version');
      expect(version).toBe('1');
      const current = (await rc.load(ctx.db, id))!;

      const firstEdit = rc.edit(current);
      const saved = await admin.post(`${rc.base}/${id}`, { ...firstEdit, version: version! });
      expect(saved.status).toBe(303);
      expect(saved.headers.get('location')).toBe(`${rc.base}/${id}`);
      const afterFirst = (await rc.load(ctx.db, id))!;
      expect(afterFirst.version).toBe(2);

      // Someone else's form, loaded at version 1, is saved later.
      const secondEdit = rc.edit({ ...current, name: `${String(current.name)}-other`, displayName: `${String(current.displayName)}-other` });
      const stale = await admin.post(`${rc.base}/${id}`, { ...secondEdit, version: version! });
      expect(stale.status).toBe(409);
      const html = await stale.text();
      expect(html).toContain(zhCN['error.conflict']);
      expect(inputValue(html, 'version')).toBe('2');
      const shownField = rc.nameField === 'username' ? 'displayName' : 'name';
      expect(inputValue(html, shownField)).toBe(String(afterFirst[shownField]));
      expect(await rc.load(ctx.db, id)).toEqual(afterFirst);
      // (a user's edit that changes the role also records roleChanged, for the security log)
      expect((await eventsFor(rc.entity, id)).map((e) => e.action).filter((a) => a !== 'roleChanged')).toEqual(['created', 'updated']);
    });

    it('an invalid edit → 422 and nothing is saved', async () => {
      const id = await createdId(await admin.post(rc.base, rc.valid()));
      const before = await rc.load(ctx.db, id);
      const field = rc.nameField === 'username' ? 'displayName' : 'name';
      const res = await admin.post(`${rc.base}/${id}`, { ...rc.edit(before!), [field]: '', version: '1' });
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), field)).toBe(zhCN['validation.required']);
      expect(await rc.load(ctx.db, id)).toEqual(before);
    });
  });

  describe('deactivate and reactivate', () => {
    it('keeps the record, flips `active` and writes events', async () => {
      const form = rc.valid();
      const id = await createdId(await admin.post(rc.base, form));
      const off = await admin.post(`${rc.base}/${id}/deactivate`);
      expect(off.status).toBe(303);
      expect(off.headers.get('location')).toBe(`${rc.base}/${id}`);
      expect((await rc.load(ctx.db, id))!.active).toBe(false);
      const page = await (await admin.get(`${rc.base}/${id}`)).text();
      expect(page).toContain(zhCN['flash.deactivated']);
      expect(page).toContain(zhCN['status.inactiveNotice']);
      expect(page).toContain(`action="${rc.base}/${id}/activate"`);
      const name = String(form[rc.nameField]);
      expect(listedNames(await (await admin.get(`${rc.base}?q=${name}`)).text(), rc.base)).toEqual([]);
      expect(listedNames(await (await admin.get(`${rc.base}?q=${name}&status=inactive`)).text(), rc.base)).toEqual([name]);

      const on = await admin.post(`${rc.base}/${id}/activate`);
      expect(on.status).toBe(303);
      expect((await rc.load(ctx.db, id))!.active).toBe(true);
      expect((await eventsFor(rc.entity, id)).map((e) => e.action)).toEqual(['created', 'deactivated', 'activated']);
    });
  });

  describe('ids', () => {
    it('an unknown id → 404 (page, update and deactivate)', async () => {
      const page = await admin.get(`${rc.base}/${rc.missingId}`);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain(zhCN['error.notFound']);
      expect((await admin.post(`${rc.base}/${rc.missingId}`, { ...rc.valid(), version: '1' })).status).toBe(404);
      expect((await admin.post(`${rc.base}/${rc.missingId}/deactivate`)).status).toBe(404);
    });

    it('a malformed id → 404', async () => {
      expect((await admin.get(`${rc.base}/${rc.badId}`)).status).toBe(404);
      expect((await admin.post(`${rc.base}/${rc.badId}`, { ...rc.valid(), version: '1' })).status).toBe(404);
      expect((await admin.post(`${rc.base}/${rc.badId}/activate`)).status).toBe(404);
    });
  });
});

describe('users: rules of their own', () => {
  const strong = 'Initial-Secret-2026';

  it('an officer without a school → 422 with the catalogue message beside the school', async () => {
    const res = await admin.post('/admin/users', { username: `off${uid()}`, displayName: '李四', role: 'officer', password: strong });
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), 'schoolId')).toBe(zhCN['user.schoolRequired']);
  });

  it('a department member without a department → 422', async () => {
    const res = await admin.post('/admin/users', { username: `dep${uid()}`, displayName: '王五', role: 'department', password: strong });
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), 'departmentId')).toBe(zhCN['user.departmentRequired']);
  });

  it.each([
    ['too short', 'Short-1', 'password.tooShort'],
    ['common', 'password123', 'password.tooCommon'],
    ['containing the username', 'USERNAME-2026-x', 'password.containsUsername'],
  ] as const)('a weak initial password (%s) → 422 and not echoed', async (_name, password, key) => {
    const username = `weak${uid()}`;
    const pw = password.replace('USERNAME', username);
    const res = await admin.post('/admin/users', { username, displayName: '赵六', role: 'supervisor', password: pw });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, 'password')).toBe(zhCN[key]);
    expect(html).not.toContain(pw);
    expect(inputValue(html, 'username')).toBe(username);
    expect(await ctx.db.select().from(users).where(eq(users.username, username))).toEqual([]);
  });

  it('an invalid username → 422 with the format message', async () => {
    const res = await admin.post('/admin/users', { username: 'has space', displayName: 'X', role: 'leader', password: strong });
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), 'username')).toBe(zhCN['user.usernameFormat']);
  });

  it('keeps only the unit the role uses', async () => {
    const res = await admin.post('/admin/users', { username: `sup${uid()}`, displayName: 'X', role: 'supervisor', schoolId, departmentId: psbId, password: strong });
    const id = res.headers.get('location')!.split('/').pop()!;
    const [row] = await ctx.db.select().from(users).where(eq(users.id, id));
    expect(row).toMatchObject({ role: 'supervisor', schoolId: null, departmentId: null });
  });

  it('a new officer must change the password at the first sign-in, then lands on the officer home', async () => {
    const username = `first${uid()}`;
    const res = await admin.post('/admin/users', { username, displayName: '新安全员', role: 'officer', schoolId, password: strong });
    expect(res.status).toBe(303);
    const agent = ctx.agent('10.30.0.2');
    expect((await agent.signIn(username, strong)).status).toBe(303);
    const home = await agent.get('/');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/account/password');
    const changed = await agent.post('/account/password', { current: strong, next: 'My-Own-Secret-77', confirm: 'My-Own-Secret-77' });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/home/officer');
    expect((await agent.get('/home/officer')).status).toBe(200);
  });

  it('the administrator cannot deactivate their own account (409)', async () => {
    const res = await admin.post(`/admin/users/${adminId}/deactivate`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(zhCN['user.cannotDeactivateSelf']);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, adminId));
    expect(row!.active).toBe(true);
    expect((await admin.get('/admin')).status).toBe(200);
  });

  it("changing a user's role ends that user's sessions", async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = ctx.agent('10.30.0.3');
    expect((await agent.signIn(user.username, TEST_PASSWORD)).status).toBe(303);
    const res = await admin.post(`/admin/users/${user.id}`, { displayName: 'X', role: 'supervisor', version: '1' });
    expect(res.status).toBe(303);
    const after = await agent.get('/home/leader');
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('the edit form does not offer to change the username', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const html = await (await admin.get(`/admin/users/${user.id}`)).text();
    expect(html).toContain(user.username);
    expect(inputValue(html, 'username')).toBeUndefined();
  });
});

describe('values that point at records that do not exist', () => {
  // A select value naming a missing record becomes a 422 beside the field (a foreign-key violation).
  it('a school in a town that does not exist → 422, not 500', async () => {
    const res = await admin.post('/admin/schools', { name: `ghost${uid()}`, kind: 'primary', townId: 999999 });
    expect(res.status).toBe(422);
  });

  it('an officer of a school that does not exist → 422, not 500', async () => {
    const res = await admin.post('/admin/users', { username: `ghost${uid()}`, displayName: 'X', role: 'officer', schoolId: 999999, password: 'Initial-Secret-2026' });
    expect(res.status).toBe(422);
  });

  it('a category led by a department that does not exist → 422, not 500', async () => {
    const res = await admin.post('/admin/categories', { name: `ghost${uid()}`, code: `G_${uid().toUpperCase()}`, defaultLeadDepartmentId: 999999 });
    expect(res.status).toBe(422);
  });

  it('an id beyond the integer range → 404, not 500', async () => {
    expect((await admin.get('/admin/towns/99999999999')).status).toBe(404);
  });

  it('a version beyond the integer range → 409 or 422, not 500', async () => {
    const id = (await makeTown(ctx.db)).id;
    const [town] = await ctx.db.select().from(towns).where(eq(towns.id, id));
    const res = await admin.post(`/admin/towns/${id}`, { name: town!.name, code: town!.code, kind: town!.kind, version: '99999999999' });
    expect([409, 422]).toContain(res.status);
  });
});
