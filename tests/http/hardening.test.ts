import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/rows.js';
import { hazardPhotos, hazards, meetingInvitations, meetings } from '../../src/db/schema/index.js';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { encodeCursor } from '../../src/lib/keyset.js';
import { ORIGIN, setupTestApp, signedInUser, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeUser, TEST_PASSWORD } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

/** Regressions of the low findings of issue 11 (each was reproduced before the fix). */
let ctx: TestContext;
let officer: Agent;
let otherOfficer: Agent;
let supervisor: Agent;
let department: Agent;
let schoolId: number;
let categoryId: number;
let hazardId: number;
let otherHazardId: number;
let meetingId: number;

const MAX_PIXELS = 1_000_000;

function reportFields(overrides: Record<string, string> = {}) {
  return {
    subjectType: 'campus',
    schoolId: String(schoolId),
    location: '操场东侧',
    categoryId: String(categoryId),
    description: '护栏松动',
    source: 'self_check',
    foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 60_000)),
    foundBy: '安全员',
    ...overrides,
  };
}

async function report(agent: Agent, fields: Record<string, string> = {}): Promise<Response> {
  return postMultipart(agent, '/hazards', reportFields(fields), [{ name: 'a.png', bytes: pngBytes() }]);
}

beforeAll(async () => {
  ctx = await setupTestApp({ maxImagePixels: MAX_PIXELS });
  const school = await makeSchool(ctx.db);
  const other = await makeSchool(ctx.db);
  schoolId = school.id;
  categoryId = rowsOf<{ id: number }>(await ctx.db.execute(`SELECT id FROM hazard_categories WHERE code = 'FIRE'` as never))[0]!.id;
  officer = (await signedInUser(ctx, 'officer', { schoolId: school.id })).agent;
  otherOfficer = (await signedInUser(ctx, 'officer', { schoolId: other.id })).agent;
  supervisor = (await signedInUser(ctx, 'supervisor')).agent;
  const psb = await departmentByCode(ctx.db, 'PSB');
  department = (await signedInUser(ctx, 'department', { departmentId: psb.id })).agent;
  hazardId = Number((await report(officer)).headers.get('location')!.split('/').pop());
  otherHazardId = Number((await postMultipart(otherOfficer, '/hazards', reportFields({ schoolId: String(other.id) }), [])).headers.get('location')!.split('/').pop());
  const start = new Date(ctx.clock.now().getTime() + 3 * 86400_000);
  const [meeting] = await ctx.db.insert(meetings).values({ number: `H-${Date.now()}`, title: '加固测试会议', kind: 'regular', startsAt: start, endsAt: new Date(start.getTime() + 3600_000), createdBy: (await makeUser(ctx.db, 'supervisor')).id }).returning();
  meetingId = meeting!.id;
  await ctx.db.insert(meetingInvitations).values({ meetingId, departmentId: psb.id });
});
afterAll(() => ctx?.close());

describe('next= accepts only a path on this site', () => {
  const unsafe = [
    ['a tab after the slash (browsers drop it: //evil.example)', '/\t/evil.example'],
    ['a line feed after the slash', '/\n/evil.example'],
    ['CR/LF (would split the Location header)', '/hazards\r\nSet-Cookie: evil=1'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a space', '/ /evil.example'],
    ['non-ASCII', '/\u2028/evil.example'],
  ];

  it.each(unsafe)('/lang: %s → /', async (_name, next) => {
    const res = await ctx.agent().post('/lang', { lang: 'en', next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it.each(unsafe)('/login: %s → /', async (_name, next) => {
    const user = await makeUser(ctx.db, 'leader');
    const res = await ctx.agent(`10.50.0.${Math.floor(Math.random() * 200)}`).post('/login', { username: user.username, password: TEST_PASSWORD, next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it('keeps a real local path with its query', async () => {
    const res = await ctx.agent().post('/lang', { lang: 'en', next: '/hazards?state=REPORTED&q=%E7%81%AD' });
    expect(res.headers.get('location')).toBe('/hazards?state=REPORTED&q=%E7%81%AD');
  });
});

describe('Cache-Control: no-store on everything behind sign-in', () => {
  it.each([
    ['a page', '/hazards'],
    ['the hazard page', () => `/hazards/${hazardId}`],
    ['the CSV export', '/hazards/export.csv'],
    ['a photo', async () => `/photos/${(await ctx.db.select().from(hazardPhotos).where(eq(hazardPhotos.hazardId, hazardId)))[0]!.id}`],
    ['a redirect', '/'],
    ['the inbox', '/inbox'],
  ] as const)('%s', async (_name, path) => {
    const target = typeof path === 'function' ? await path() : path;
    const res = await supervisor.get(target);
    expect(res.status).toBeLessThan(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('calendar files and the private feed', async () => {
    const ics = await department.get(`/meetings/${meetingId}/meeting.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('cache-control')).toBe('no-store');
    const feed = await feedUrl(department);
    const res = await ctx.agent().get(feed);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

async function feedUrl(agent: Agent): Promise<string> {
  const page = await (await agent.post('/account/calendar-token')).text();
  return new URL(/https?:\/\/[^"<\s]+\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(page)![0]).pathname;
}

describe('crafted query parameters answer 400, never 500', () => {
  const malformedCursor = 'not-a-cursor';
  const wrongKindCursor = encodeCursor(['yesterday', 1]);
  const hugeIdCursor = encodeCursor([new Date().toISOString(), 1e20]);
  it.each([
    'category=abc',
    'department=-1',
    'school=1.5',
    'town=1e3',
    'category=99999999999',
    `after=${malformedCursor}`,
    `after=${wrongKindCursor}`,
    `before=${hugeIdCursor}`,
    `sort=deadline&after=${encodeCursor(['2026-02-30', 1])}`,
    `sort=level&after=${encodeCursor(['x', 1])}`,
  ])('/hazards?%s and the CSV', async (query) => {
    expect((await supervisor.get(`/hazards?${query}`)).status).toBe(400);
    expect((await supervisor.get(`/hazards/export.csv?${query}`)).status).toBe(400);
  });

  it.each(['/inbox?before=1e30', '/inbox?before=-5', '/inbox?before=99999999999', '/inbox?before=abc'])('%s', async (path) => {
    expect((await supervisor.get(path)).status).toBe(400);
  });

  it.each(['/hazards?q=%00', '/hazards?q=a%00b', '/admin/towns?q=%00', '/photos/%00'])('a NUL in %s', async (path) => {
    expect((await supervisor.get(path)).status).toBe(400);
  });

  it('a record id in a path is its plain decimal: 0x1, 01, 1e0, 1.0 and +1 are not found', async () => {
    expect((await supervisor.get(`/hazards/${hazardId}`)).status).toBe(200);
    for (const odd of ['0x1', `0${hazardId}`, '1e0', `${hazardId}.0`, `+${hazardId}`, '2147483648']) {
      expect((await supervisor.get(`/hazards/${odd}`)).status, odd).toBe(404);
    }
    expect((await supervisor.get('/meetings/0x1')).status).toBe(404);
  });

  it('a page link the app made still works', async () => {
    expect((await supervisor.get(`/hazards?after=${encodeCursor([new Date().toISOString(), 1])}`)).status).toBe(200);
  });
});

describe('crafted form fields answer 400 or 422, never 500', () => {
  it('a NUL in a text field is a 400 and nothing is stored', async () => {
    const before = (await ctx.db.select().from(hazards)).length;
    const res = await report(officer, { description: 'bad\0byte' });
    expect(res.status).toBe(400);
    expect((await ctx.db.select().from(hazards)).length).toBe(before);
    expect((await officer.post('/account/password', { current: 'x\0', next: 'y', confirm: 'y' })).status).toBe(400);
  });

  it('ids above the integer range are refused like unknown ones (422)', async () => {
    expect((await report(officer, { categoryId: '99999999999' })).status).toBe(422);
    const [h] = await ctx.db.select().from(hazards).where(eq(hazards.id, hazardId));
    const res = await supervisor.post(`/hazards/${hazardId}/link-duplicate`, { version: h!.version, duplicateOfId: '99999999999' });
    expect(res.status).toBe(422);
    const assign = await supervisor.post(`/hazards/${hazardId}/assign`, { version: h!.version, leadDepartmentId: '3000000000', supportDepartmentIds: ['1e30', '99999999999'], deadline: '2099-01-01', responsiblePerson: 'x' });
    expect([409, 422]).toContain(assign.status);
  });
});

describe('"it came back" links only to a hazard the reporter may see', () => {
  it("refuses another school's hazard and an unknown id (422), and reports nothing", async () => {
    const before = (await ctx.db.select().from(hazards)).length;
    for (const id of [otherHazardId, 2_147_483_647]) {
      const res = await report(officer, { recurrenceOfId: String(id) });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(zhCN['hazard.unknownRecurrence']);
      // Sent again, the form reports without the link.
      expect(html).toContain('name="recurrenceOfId" value=""');
    }
    expect((await ctx.db.select().from(hazards)).length).toBe(before);
  });

  it("links to the school's own earlier hazard", async () => {
    const res = await report(officer, { recurrenceOfId: String(hazardId) });
    expect(res.status).toBe(303);
    const id = Number(res.headers.get('location')!.split('/').pop());
    const [row] = await ctx.db.select().from(hazards).where(eq(hazards.id, id));
    expect(row!.recurrenceOfId).toBe(hazardId);
  });
});

describe('photos above MAX_IMAGE_PIXELS', () => {
  /** A small, valid PNG whose header says width × height. */
  function pngClaiming(width: number, height: number): Uint8Array {
    const bytes = new Uint8Array(pngBytes());
    const view = new DataView(bytes.buffer);
    view.setUint32(16, width);
    view.setUint32(20, height);
    return bytes;
  }

  it('a 20000×20000 PNG of a few hundred bytes is refused (422) and nothing is stored', async () => {
    const photosBefore = (await ctx.db.select().from(hazardPhotos)).length;
    const res = await postMultipart(officer, '/hazards/photos', {}, [{ name: 'bomb.png', bytes: pngClaiming(20000, 20000) }]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(zhCN['photo.tooManyPixels']);
    expect((await ctx.db.select().from(hazardPhotos)).length).toBe(photosBefore);
  });

  it('the limit is MAX_IMAGE_PIXELS: just under passes, just over is refused', async () => {
    expect((await postMultipart(officer, '/hazards/photos', {}, [{ name: 'ok.png', bytes: pngClaiming(1000, 1000) }])).status).toBe(200);
    expect((await postMultipart(officer, '/hazards/photos', {}, [{ name: 'no.png', bytes: pngClaiming(1001, 1000) }])).status).toBe(422);
  });
});

describe('image attachments above MAX_IMAGE_PIXELS', () => {
  it("a unit's topic with a 20000×20000 PNG is refused (422) with the text kept", async () => {
    const bytes = new Uint8Array(pngBytes());
    new DataView(bytes.buffer).setUint32(16, 20000);
    new DataView(bytes.buffer).setUint32(20, 20000);
    const res = await postMultipart(department, `/meetings/${meetingId}/topics`, { title: '议题标题', text: '说明' }, [{ name: 'big.png', bytes }], 'files');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(zhCN['attachment.tooManyPixels']);
    expect(html).toContain('议题标题');
  });
});

describe('the calendar feed and "sign out everywhere"', () => {
  it('signing out everywhere also stops the feed URL, and the account page says so', async () => {
    const { agent } = await signedInUser(ctx, 'department', { departmentId: (await departmentByCode(ctx.db, 'FIRE')).id });
    const feed = await feedUrl(agent);
    expect((await ctx.agent().get(feed)).status).toBe(200);
    expect(await (await agent.get('/account')).text()).toContain(zhCN['auth.signOutEverywhereHint']);
    expect((await agent.post('/account/logout-everywhere')).status).toBe(303);
    expect((await ctx.agent().get(feed)).status).toBe(404);
    expect(en['auth.signOutEverywhereHint']).toMatch(/calendar feed/);
  });
});

describe('the session cookie under PUBLIC_ORIGIN=https://…', () => {
  it('is Secure even when the proxy sends no X-Forwarded-Proto', async () => {
    const saved = ctx.config.publicOrigin;
    ctx.config.publicOrigin = 'https://safety.example.gov.cn';
    try {
      const user = await makeUser(ctx.db, 'leader');
      const res = await ctx.agent('10.50.1.1').post('/login', { username: user.username, password: TEST_PASSWORD }, { Origin: 'https://safety.example.gov.cn' });
      expect(res.status).toBe(303);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cs_session='));
      expect(cookie).toMatch(/;\s*Secure/i);
    } finally {
      ctx.config.publicOrigin = saved;
    }
    const user = await makeUser(ctx.db, 'leader');
    const plain = await ctx.agent('10.50.1.2').post('/login', { username: user.username, password: TEST_PASSWORD });
    expect(plain.headers.getSetCookie().find((c) => c.startsWith('cs_session='))).not.toMatch(/Secure/i);
    expect(ORIGIN.startsWith('http:')).toBe(true);
  });
});
