import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../src/attachments/files.js';
import { attachments, meetingTopics, resolutionNotes, resolutions, type AttachmentOwner } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeUser } from '../support/factories.js';
import { docxBytes, otherZipBytes, xlsxBytes } from '../support/office-files.js';
import { postMultipart } from '../support/uploads.js';

let ctx: TestContext;
const as: Record<string, Agent> = {};
let psb: number;
let fire: number;
let counter = 0;

const signedIn = async (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => (await signedInUser(ctx, role, options)).agent;

beforeAll(async () => {
  ctx = await setupTestApp();
  psb = (await departmentByCode(ctx.db, 'PSB')).id;
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  as.supervisor = await signedIn('supervisor');
  as.police = await signedIn('department', { departmentId: psb });
  as.fire = await signedIn('department', { departmentId: fire });
  as.market = await signedIn('department', { departmentId: (await departmentByCode(ctx.db, 'SAMR')).id });
  as.leader = await signedIn('leader');
});
afterAll(() => ctx.close());

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const PDF = ascii('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const XLSX = xlsxBytes();
const DOCX = docxBytes();
const EXE = ascii('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A meeting a week ahead inviting the police and fire units (not market supervision). */
async function schedule(): Promise<number> {
  const res = await as.supervisor!.post('/meetings', {
    number: `2026-A${++counter}`,
    title: '附件测试会议',
    kind: 'regular',
    date: addDays(shanghaiDate(ctx.clock.now()), 7),
    startTime: '09:30',
    endTime: '11:30',
    departmentIds: [String(psb), String(fire)],
  });
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

const propose = (agent: Agent, meetingId: number, fields: Record<string, string>, files: Array<{ name: string; bytes: Uint8Array; type?: string }>) =>
  postMultipart(agent, `/meetings/${meetingId}/topics`, fields, files, 'files');

const filesOf = (ownerType: AttachmentOwner, ownerId: number) =>
  ctx.db.select().from(attachments).where(and(eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)));
const attachmentCount = async () => (await ctx.db.select({ id: attachments.id }).from(attachments)).length;
const storedFiles = () => ctx.storage.keys().filter((k) => k.startsWith('attachments/')).length;

describe('topic attachments', () => {
  it('a unit proposes a topic with a PDF: listed on the meeting page, downloadable by the unit and the supervisor, by the other invited units once the agenda is published', async () => {
    const meetingId = await schedule();
    const res = await propose(as.police!, meetingId, { title: '校门口交通疏导', text: '见附件方案' }, [{ name: '护学岗方案（2026）.pdf', bytes: PDF, type: 'application/pdf' }]);
    expect(res.status, await res.clone().text()).toBe(303);
    const [topic] = await ctx.db.select().from(meetingTopics).where(eq(meetingTopics.meetingId, meetingId));
    const [file] = await filesOf('topic', topic!.id);
    expect(file).toMatchObject({ ownerType: 'topic', fileName: '护学岗方案（2026）.pdf', contentType: 'application/pdf', bytes: PDF.length });

    const page = await as.supervisor!.get(`/meetings/${meetingId}`);
    const html = await page.text();
    expect(html).toContain(`href="/attachments/${file!.id}"`);
    expect(html).toContain('护学岗方案（2026）.pdf');

    // Before the agenda is published another invited unit neither sees the topic nor gets its file.
    expect(await (await as.fire!.get(`/meetings/${meetingId}`)).text()).not.toContain('护学岗方案');
    expect((await as.fire!.get(`/attachments/${file!.id}`)).status).toBe(404);
    // An empty agenda is not published: the supervisor proposes it first (the topic becomes an item).
    expect((await as.supervisor!.post(`/meetings/${meetingId}/agenda`, { action: 'propose' })).status).toBe(303);
    expect((await as.supervisor!.post(`/meetings/${meetingId}/agenda`, { action: 'publish' })).status).toBe(303);
    expect(await (await as.fire!.get(`/meetings/${meetingId}`)).text()).toContain('护学岗方案');

    for (const agent of [as.police!, as.fire!, as.supervisor!, as.leader!]) {
      const download = await agent.get(`/attachments/${file!.id}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      // Full-width brackets are not ASCII: the fallback name loses them, the UTF-8 name keeps them.
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="_2026_.pdf"; filename*=UTF-8''${encodeURIComponent('护学岗方案（2026）.pdf')}`);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('cache-control')).toBe('no-store');
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    }
    expect((await as.market!.get(`/attachments/${file!.id}`)).status).toBe(404);
    expect((await as.police!.get(`/attachments/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await as.police!.get('/attachments/not-an-id')).status).toBe(404);
  });

  it('refuses a fake PDF (a program named .pdf) with 422, keeping the title and text and storing nothing', async () => {
    const meetingId = await schedule();
    const before = [await attachmentCount(), storedFiles()];
    const res = await propose(as.police!, meetingId, { title: '保留的议题标题', text: '保留的议题说明' }, [
      { name: '材料.pdf', bytes: PDF, type: 'application/pdf' },
      { name: 'invoice.pdf', bytes: EXE, type: 'application/pdf' },
    ]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('保留的议题标题');
    expect(html).toContain('保留的议题说明');
    expect(html).toContain('只能上传 PDF');
    expect(html).toContain('id="f-files-error"');
    expect(html).toContain('需重新选择文件');
    expect([await attachmentCount(), storedFiles()]).toEqual(before);
    expect(await ctx.db.select().from(meetingTopics).where(eq(meetingTopics.meetingId, meetingId))).toEqual([]);
  });

  it('takes a real Word document; refuses a ZIP of anything else named .docx with 422, storing nothing', async () => {
    const meetingId = await schedule();
    const before = [await attachmentCount(), storedFiles()];
    let res = await propose(as.police!, meetingId, { title: '伪装的文档', text: '压缩包改名' }, [{ name: '整改方案.docx', bytes: otherZipBytes(), type: DOCX_TYPE }]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('伪装的文档');
    expect(html).toContain('只能上传 PDF');
    expect(html).toContain('id="f-files-error"');
    expect([await attachmentCount(), storedFiles()]).toEqual(before);
    expect(await ctx.db.select().from(meetingTopics).where(eq(meetingTopics.meetingId, meetingId))).toEqual([]);

    res = await propose(as.police!, meetingId, { title: '真实的文档' }, [{ name: '整改方案.docx', bytes: DOCX, type: DOCX_TYPE }]);
    expect(res.status, await res.clone().text()).toBe(303);
    const [topic] = await ctx.db.select().from(meetingTopics).where(eq(meetingTopics.meetingId, meetingId));
    const [file] = await filesOf('topic', topic!.id);
    expect(file).toMatchObject({ fileName: '整改方案.docx', contentType: DOCX_TYPE, bytes: DOCX.length });
    const download = await as.supervisor!.get(`/attachments/${file!.id}`);
    expect(download.headers.get('content-type')).toBe(DOCX_TYPE);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(DOCX);
  });

  it('refuses six files, and a file over 10 MB, without storing any', async () => {
    const meetingId = await schedule();
    const before = [await attachmentCount(), storedFiles()];
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `第${i + 1}份.pdf`, bytes: PDF }));
    let res = await propose(as.police!, meetingId, { title: '六个附件' }, six);
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('一次最多上传 5 个文件');
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    res = await propose(as.police!, meetingId, { title: '超大附件' }, [{ name: 'big.pdf', bytes: big }]);
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('文件太大');
    expect(html).toContain('超大附件');
    expect([await attachmentCount(), storedFiles()]).toEqual(before);
  });

  it('a topic refused for its text (no title) leaves none of its files behind', async () => {
    const meetingId = await schedule();
    const before = [await attachmentCount(), storedFiles()];
    const res = await propose(as.police!, meetingId, { title: '', text: '只有说明' }, [{ name: 'a.pdf', bytes: PDF }]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('只有说明');
    expect([await attachmentCount(), storedFiles()]).toEqual(before);
  });

  it('takes five files of 10 MB each in one form (the body limit allows it)', async () => {
    const meetingId = await schedule();
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES);
    big.set(PDF);
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `大文件${i + 1}.pdf`, bytes: big }));
    const res = await propose(as.police!, meetingId, { title: '五个大附件' }, five);
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(303);
    const [topic] = await ctx.db.select().from(meetingTopics).where(eq(meetingTopics.meetingId, meetingId));
    const files = await filesOf('topic', topic!.id);
    expect(files.map((f) => f.bytes)).toEqual(Array(5).fill(MAX_ATTACHMENT_BYTES));
  });
});

describe('feedback attachments', () => {
  async function resolution(): Promise<number> {
    const meetingId = await schedule();
    const res = await as.supervisor!.post(`/meetings/${meetingId}/resolutions`, {
      content: '校门口护学岗排班',
      leadDepartmentId: String(psb),
      supportDepartmentIds: [String(fire)],
      deadline: addDays(shanghaiDate(ctx.clock.now()), 14),
      feedbackSchedule: 'weekly',
    });
    expect(res.status).toBe(303);
    const [r] = await ctx.db.select().from(resolutions).where(eq(resolutions.meetingId, meetingId));
    return r!.id;
  }
  const version = async (id: number) => String((await ctx.db.select().from(resolutions).where(eq(resolutions.id, id)))[0]!.version);

  it('the lead unit reports with an xlsx: shown under its note, downloadable by the units involved and the supervisor only', async () => {
    const id = await resolution();
    const res = await postMultipart(as.police!, `/resolutions/${id}/feedback`, { version: await version(id), action: 'feedback', text: '排班表见附件' }, [{ name: '排班表.xlsx', bytes: XLSX, type: 'application/octet-stream' }], 'files');
    expect(res.status, await res.clone().text()).toBe(303);
    const [note] = await ctx.db.select().from(resolutionNotes).where(eq(resolutionNotes.resolutionId, id));
    const [file] = await filesOf('resolutionNote', note!.id);
    expect(file).toMatchObject({ ownerType: 'resolutionNote', fileName: '排班表.xlsx', contentType: XLSX_TYPE });

    const html = await (await as.supervisor!.get(`/resolutions/${id}`)).text();
    expect(html).toContain(`href="/attachments/${file!.id}"`);
    expect(html).toContain('排班表.xlsx');

    for (const agent of [as.police!, as.fire!, as.supervisor!]) {
      const download = await agent.get(`/attachments/${file!.id}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe(XLSX_TYPE);
      expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('排班表.xlsx')}`);
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(XLSX);
    }
    expect((await as.market!.get(`/attachments/${file!.id}`)).status).toBe(404);
  });

  it('a refused feedback file (a ZIP of anything else named .xlsx) comes back with 422 and the text kept; nothing is recorded', async () => {
    const id = await resolution();
    const before = [await attachmentCount(), storedFiles()];
    const res = await postMultipart(as.police!, `/resolutions/${id}/feedback`, { version: await version(id), action: 'feedback', text: '保留的反馈内容' }, [{ name: '排班表.xlsx', bytes: otherZipBytes() }], 'files');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('保留的反馈内容');
    expect(html).toContain('只能上传 PDF');
    expect(await ctx.db.select().from(resolutionNotes).where(eq(resolutionNotes.resolutionId, id))).toEqual([]);
    expect([await attachmentCount(), storedFiles()]).toEqual(before);
  });

  it('takes five files of 10 MB each with the feedback', async () => {
    const id = await resolution();
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES);
    big.set(PDF);
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `佐证${i + 1}.pdf`, bytes: big }));
    const res = await postMultipart(as.police!, `/resolutions/${id}/feedback`, { version: await version(id), action: 'feedback', text: '佐证材料' }, five, 'files');
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(303);
    const [note] = await ctx.db.select().from(resolutionNotes).where(eq(resolutionNotes.resolutionId, id));
    expect(await filesOf('resolutionNote', note!.id)).toHaveLength(5);
  });
});
