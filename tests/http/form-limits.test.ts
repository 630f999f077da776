// Forms cannot be used to stall the server: one linear pass over the body, caps on the number of fields
// and of values per name (413 before any work), and a small body limit where no files are taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { FORM_LIMITS } from '../../src/lib/forms.js';
import { setupTestApp, signedInUser, type Agent, type TestContext } from '../support/app.js';
import { makeSchool } from '../support/factories.js';

let ctx: TestContext;
let officer: Agent;
let supervisor: Agent;

beforeAll(async () => {
  ctx = await setupTestApp({ maxFormBytes: 64 * 1024 });
  const school = await makeSchool(ctx.db);
  officer = (await signedInUser(ctx, 'officer', { schoolId: school.id })).agent;
  supervisor = (await signedInUser(ctx, 'supervisor')).agent;
});
afterAll(() => ctx.close());

describe('repeated form fields', () => {
  it('60,000 repeated fields (a 300 KB body) are refused with 413 while other requests are served', async () => {
    const started = performance.now();
    const flood = officer.post('/hazards/photos', { zz: Array.from({ length: 60_000 }, () => '1') });
    const health = Promise.resolve(ctx.app.request('http://localhost/healthz')).then(() => performance.now() - started);
    const [res, healthAfter] = await Promise.all([flood, health]);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(zhCN['error.tooManyFields']);
    // A regression bound, not a speed figure: the quadratic reader kept /healthz waiting for 30 s.
    expect(healthAfter).toBeLessThan(5_000);
  });

  it(`more than ${FORM_LIMITS.valuesPerName} values of one name (e.g. photo ids) are refused before any query`, async () => {
    const ids = Array.from({ length: FORM_LIMITS.valuesPerName + 1 }, (_, i) => `${i}`.padStart(32, '0'));
    const res = await officer.post('/hazards/photos', { photoIds: ids });
    expect(res.status).toBe(413);
    // 70,000 ids, past PostgreSQL's 65,535 parameters, never reach the database either.
    const many = await officer.post('/hazards/photos', { photoIds: Array.from({ length: 70_000 }, () => 'a') });
    expect(many.status).toBe(413);
  });

  it(`more than ${FORM_LIMITS.fields} distinct fields are refused`, async () => {
    const fields = Object.fromEntries(Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => [`f${i}`, 'x']));
    const res = await supervisor.post('/meetings', fields);
    expect(res.status).toBe(413);
  });

  it('the same number of fields in a multipart body is refused too', async () => {
    const form = new FormData();
    for (let i = 0; i <= FORM_LIMITS.valuesPerName; i++) form.append('photoIds', 'x');
    const res = await officer.request('/hazards/photos', { method: 'POST', body: form });
    expect(res.status).toBe(413);
  });

  it('an ordinary form with repeated values still works', async () => {
    const res = await officer.post('/hazards/photos', { picker: 'photos', photoIds: ['nope1', 'nope2'] });
    expect(res.status).toBe(200);
  });
});

describe('body size by route', () => {
  it('a route that takes no files refuses a body over MAX_FORM_BYTES', async () => {
    const res = await supervisor.post('/meetings', { title: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(zhCN['error.tooLarge']);
  });

  it('a route that takes files accepts a larger body (up to MAX_BODY_BYTES)', async () => {
    const form = new FormData();
    form.append('picker', 'photos');
    form.append('photos', new File([new Uint8Array(200 * 1024)], 'not-an-image.jpg', { type: 'image/jpeg' }));
    const res = await officer.request('/hazards/photos', { method: 'POST', body: form });
    // Past the body limit: the upload itself is judged (not an image), not refused for its size.
    expect(res.status).toBe(422);
  });
});
