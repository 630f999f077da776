// Uploads hold up in operation (issue 12, item 5): a per-user quota of uploads not attached yet, a full
// disk answered with 507 and the typed report kept, and the clean-up job that removes what nobody
// attached and files no row names.
import { isNotNull, isNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { attachments, hazardCategories, hazardPhotos } from '../../src/db/schema/index.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { jsonLogger } from '../../src/lib/logger.js';
import type { FileStorage } from '../../src/storage/types.js';
import { cleanUpUploads } from '../../src/uploads/cleanup.js';
import { Agent, setupTestApp, signedInUser, textOf, type TestContext } from '../support/app.js';
import { makeSchool } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

let ctx: TestContext;
let officer: Agent;
let schoolId: number;
let categoryId: number;

beforeAll(async () => {
  ctx = await setupTestApp({ uploadPendingMaxFiles: 3 });
  schoolId = (await makeSchool(ctx.db)).id;
  officer = (await signedInUser(ctx, 'officer', { schoolId })).agent;
  categoryId = (await ctx.db.select({ id: hazardCategories.id }).from(hazardCategories).limit(1))[0]!.id;
});
afterAll(() => ctx.close());
afterEach(async () => {
  ctx.clock.reset();
  await ctx.db.delete(hazardPhotos).where(isNull(hazardPhotos.hazardId));
});

const report = (description: string) => ({
  subjectType: 'campus',
  schoolId: String(schoolId),
  location: '实验楼二层',
  categoryId: String(categoryId),
  description,
  source: 'self_check',
  foundAt: '2026-11-20T09:00',
  submissionKey: crypto.randomUUID(),
});
const photo = (n: number) => ({ name: `p${n}.png`, bytes: pngBytes([n * 20, 60, 40]) });
const pending = async () => (await ctx.db.select({ id: hazardPhotos.id }).from(hazardPhotos).where(isNull(hazardPhotos.hazardId))).length;

describe('the pending-upload quota', () => {
  it('refuses uploads beyond the quota with 429 and a message that says what to do; the typed report is kept', async () => {
    const picked = await postMultipart(officer, '/hazards/photos', { picker: 'photos' }, [photo(1), photo(2), photo(3)]);
    expect(picked.status).toBe(200);
    expect(await pending()).toBe(3);

    const more = await postMultipart(officer, '/hazards/photos', { picker: 'photos' }, [photo(4)]);
    expect(more.status).toBe(429);
    expect(await textOf(more)).toContain(zhCN['upload.quota'].slice(0, 20));

    const form = await postMultipart(officer, '/hazards', report('配电箱未上锁，学生可触及'), [photo(5)]);
    expect(form.status).toBe(429);
    const html = await form.text();
    expect(html).toContain('配电箱未上锁，学生可触及');
    expect(html).toContain(zhCN['upload.quota'].slice(0, 20));
    expect(await pending()).toBe(3);
  });
});

describe('a full disk', () => {
  it('answers 507 with the typed report kept, stores nothing, and a later report succeeds', async () => {
    let full = true;
    const storage: FileStorage = {
      ...ctx.storage,
      put: (key, bytes, type) => (full ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : ctx.storage.put(key, bytes, type)),
    };
    const app = createApp({ config: ctx.config, clock: ctx.clock, logger: jsonLogger('silent'), database: { forRequest: () => ctx.db }, storage });
    const agent = new Agent(app);
    for (const [k, v] of officer.cookies) agent.cookies.set(k, v);
    const keysBefore = ctx.storage.keys().length;

    const res = await postMultipart(agent, '/hazards', report('楼梯扶手松动，已临时封闭'), [photo(1), photo(2)]);
    expect(res.status).toBe(507);
    const html = await res.text();
    expect(html).toContain('楼梯扶手松动，已临时封闭');
    expect(html).toContain(zhCN['upload.storageFull'].slice(0, 20));
    expect(await pending()).toBe(0);
    expect(ctx.storage.keys().length).toBe(keysBefore);

    full = false;
    expect((await postMultipart(agent, '/hazards', report('楼梯扶手松动，已临时封闭'), [photo(1)])).status).toBe(303);
  });
});

describe('the clean-up job', () => {
  it('removes uploads nobody attached within a day and files no row names; keeps attached ones and fresh files', async () => {
    // Files the earlier tests left without rows (their rows were deleted after each test) go first.
    ctx.clock.advance(2 * 3600_000);
    await cleanUpUploads(ctx.db, ctx.storage, ctx.clock.now());
    ctx.clock.reset();
    // An attached photo (a report), two pending ones, a pending attachment, an orphan file.
    expect((await postMultipart(officer, '/hazards', report('消防通道堆放杂物'), [photo(1)])).status).toBe(303);
    await postMultipart(officer, '/hazards/photos', { picker: 'photos' }, [photo(2), photo(3)]);
    const [user] = await ctx.db.select({ id: hazardPhotos.uploadedBy }).from(hazardPhotos).limit(1);
    await ctx.storage.put('attachments/0123456789abcdef0123456789abcdef', pngBytes(), 'image/png');
    await ctx.db.insert(attachments).values({ id: '0123456789abcdef0123456789abcdef', fileName: 'a.png', storageKey: 'attachments/0123456789abcdef0123456789abcdef', contentType: 'image/png', bytes: 10, uploadedBy: user!.id, uploadedAt: ctx.clock.now() });
    await ctx.storage.put('photos/ff/ffffffffffffffffffffffffffffffff/original', pngBytes(), 'image/png');
    const attached = await ctx.db.select({ key: hazardPhotos.storageKey }).from(hazardPhotos).where(isNotNull(hazardPhotos.hazardId));
    const attachedKeys = attached.map((a) => a.key);

    // An hour later only the orphan file goes; the pending uploads have a day.
    ctx.clock.advance(61 * 60_000);
    expect(await cleanUpUploads(ctx.db, ctx.storage, ctx.clock.now())).toEqual({ unattachedPhotos: 0, unattachedAttachments: 0, debris: 0, orphanFiles: 1 });
    expect(await pending()).toBe(2);

    ctx.clock.advance(24 * 3600_000);
    await ctx.storage.put('photos/ee/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee/original', pngBytes(), 'image/png'); // being written right now
    expect(await cleanUpUploads(ctx.db, ctx.storage, ctx.clock.now())).toEqual({ unattachedPhotos: 2, unattachedAttachments: 1, debris: 0, orphanFiles: 0 });
    expect(await pending()).toBe(0);
    expect((await ctx.db.select().from(attachments).where(isNull(attachments.ownerId))).length).toBe(0);
    const left = ctx.storage.keys().filter((k) => k.startsWith('photos/') || k.startsWith('attachments/'));
    expect(left.sort()).toEqual([...attachedKeys, 'photos/ee/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee/original'].sort());
  });
});
