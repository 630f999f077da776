import { describe, expect, it } from 'vitest';
import { compoundFileOf, docBytes, docxBytes, otherZipBytes, pptxBytes, xlsBytes, xlsxBytes } from '../support/office-files.js';
import { pngBytes } from '../support/uploads.js';
import { contentDisposition, detectFileType, formatBytes, MAX_ATTACHMENT_BYTES, prepareAttachment, sanitizeFileName } from '../../src/attachments/files.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (s: string) => new TextEncoder().encode(s);

const PDF = ascii('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const WEBP = ascii('RIFF\x10\x00\x00\x00WEBPVP8 ');
const ZIP_MAGIC = bytes(0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0);
const OLE_MAGIC = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX_TYPE = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const EXE = ascii('MZ\x90\x00\x03\x00\x00\x00');

const typeOf = async (b: Uint8Array, name: string) => (await detectFileType(b, name))?.contentType ?? null;

describe('detectFileType', () => {
  it('recognises PDF and images from their bytes, whatever the name says', async () => {
    expect(await typeOf(PDF, '材料.pdf')).toBe('application/pdf');
    expect(await typeOf(PDF, 'scan.jpg')).toBe('application/pdf');
    expect(await typeOf(JPEG, 'photo.jpeg')).toBe('image/jpeg');
    expect(await typeOf(PNG, 'x')).toBe('image/png');
    expect(await typeOf(WEBP, 'x.webp')).toBe('image/webp');
  });

  it('takes a ZIP as .docx, .xlsx or .pptx only when it holds that document, whatever its name', async () => {
    expect(await typeOf(docxBytes(), '整改方案.docx')).toBe(DOCX_TYPE);
    expect(await typeOf(xlsxBytes(), 'TABLE.XLSX')).toBe(XLSX_TYPE);
    expect(await typeOf(pptxBytes(), 'slides.pptx')).toBe(PPTX_TYPE);
    expect(await typeOf(docxBytes(), '排班表.xlsx')).toBe(DOCX_TYPE); // the inside decides, not the name
    for (const name of ['report.docx', 'table.xlsx', 'slides.pptx', 'archive.zip']) expect(await typeOf(otherZipBytes(), name)).toBeNull();
    expect(await typeOf(ZIP_MAGIC, 'magic-only.docx')).toBeNull();
  });

  it('takes an OLE compound file as .doc or .xls only when it holds a Word or Excel stream (not an .msi, .msg or .ppt)', async () => {
    expect(await typeOf(docBytes(), 'old.doc')).toBe('application/msword');
    expect(await typeOf(xlsBytes(), 'old.xls')).toBe('application/vnd.ms-excel');
    expect(await typeOf(compoundFileOf(['\x05SummaryInformation', '\x05DigitalSignature']), 'setup.doc')).toBeNull(); // an .msi's streams
    expect(await typeOf(compoundFileOf(['PowerPoint Document', 'Current User']), 'deck.doc')).toBeNull();
    expect(await typeOf(OLE_MAGIC, 'magic-only.doc')).toBeNull();
  });

  it('takes plain text only as .txt, only valid UTF-8, never with NUL bytes', async () => {
    expect(await typeOf(utf8('会议纪要要点\n第一条'), 'notes.txt')).toBe('text/plain; charset=utf-8');
    expect(await typeOf(utf8('<script>alert(1)</script>'), 'page.html')).toBeNull();
    expect(await typeOf(bytes(0xc4, 0xe3, 0xba, 0xc3), 'gbk.txt')).toBeNull(); // 你好 in GBK: not UTF-8
    expect(await typeOf(bytes(0xff, 0xfe, 0x60, 0x4f), 'utf16.txt')).toBeNull(); // UTF-16: NUL-free here but invalid UTF-8
    expect(await typeOf(ascii('a\x00b'), 'nul.txt')).toBeNull();
  });

  it('refuses programs and anything unknown, whatever they are called', async () => {
    expect(await typeOf(EXE, 'invoice.pdf')).toBeNull();
    expect(await typeOf(EXE, 'invoice.txt')).toBeNull(); // "MZ\x90" is not valid UTF-8
    expect(await typeOf(new Uint8Array(0), 'empty.pdf')).toBeNull();
  });
});

describe('sanitizeFileName', () => {
  it('drops directories, control and bidi characters, keeps Chinese', () => {
    expect(sanitizeFileName('C:\\Users\\张三\\桌面\\校门口整改方案.docx')).toBe('校门口整改方案.docx');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('a\x00b\r\nc.pdf')).toBe('abc.pdf');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a:b*c?.txt')).toBe('a_b_c_.txt');
    expect(sanitizeFileName('  .hidden.pdf ')).toBe('hidden.pdf');
  });

  it('falls back to "attachment" when nothing is left', () => {
    for (const name of ['', '   ', '/', '...', '\u202E\x00']) expect(sanitizeFileName(name)).toBe('attachment');
  });

  it('keeps at most 120 characters, shortening before the extension', () => {
    const long = `${'很'.repeat(200)}.pdf`;
    const out = sanitizeFileName(long);
    expect([...out]).toHaveLength(120);
    expect(out.endsWith('很.pdf')).toBe(true);
    const emoji = sanitizeFileName('😀'.repeat(130)); // outside the BMP: counted and cut as whole characters
    expect([...emoji]).toHaveLength(120);
    expect(emoji).toBe('😀'.repeat(120));
  });
});

describe('prepareAttachment', () => {
  it('accepts a file up to the limit and refuses one byte more, before looking at it', async () => {
    const atLimit = new Uint8Array(MAX_ATTACHMENT_BYTES);
    atLimit.set(ascii('%PDF-'));
    expect(await prepareAttachment(atLimit, 'big.pdf')).toMatchObject({ ok: true, fileName: 'big.pdf', contentType: 'application/pdf' });
    expect(await prepareAttachment(new Uint8Array(MAX_ATTACHMENT_BYTES + 1), 'big.pdf')).toEqual({ ok: false, error: 'tooLarge' });
  });

  it('gives the name the extension of what the bytes are', async () => {
    expect(await prepareAttachment(PDF, 'scan.txt')).toMatchObject({ ok: true, fileName: 'scan.txt.pdf' });
    expect(await prepareAttachment(pngBytes(), 'photo.PNG')).toMatchObject({ ok: true, fileName: 'photo.PNG' });
    expect(await prepareAttachment(pngBytes(), '')).toMatchObject({ ok: true, fileName: 'attachment.png' });
    expect(await prepareAttachment(docxBytes(), '排班表.xlsx')).toMatchObject({ ok: true, fileName: '排班表.xlsx.docx', contentType: DOCX_TYPE });
    expect(await prepareAttachment(EXE, 'fake.pdf')).toEqual({ ok: false, error: 'notAllowed' });
    expect(await prepareAttachment(otherZipBytes(), 'fake.docx')).toEqual({ ok: false, error: 'notAllowed' });
  });
});

describe('images', () => {
  it('are stored without their metadata, like hazard photos; a broken image is refused', async () => {
    // A tEXt chunk (what a camera app may write) between IHDR and IDAT: gone after preparation.
    const png = pngBytes();
    const text = ascii('tEXtComment\0GPS-SECRET');
    const chunk = new Uint8Array(12 + text.length - 4);
    new DataView(chunk.buffer).setUint32(0, text.length - 4);
    chunk.set(text, 4);
    const withText = new Uint8Array(png.length + chunk.length);
    withText.set(png.subarray(0, 33));
    withText.set(chunk, 33);
    withText.set(png.subarray(33), 33 + chunk.length);
    const prepared = await prepareAttachment(withText, 'site.png');
    expect(prepared.ok).toBe(true);
    if (prepared.ok) expect(new TextDecoder().decode(prepared.bytes)).not.toContain('GPS-SECRET');
    expect(await prepareAttachment(JPEG, 'broken.jpg')).toEqual({ ok: false, error: 'notAllowed' });
  });
});

describe('contentDisposition', () => {
  it('offers the UTF-8 name and an ASCII fallback without quotes or backslashes', () => {
    expect(contentDisposition('校门口整改方案.pdf')).toBe(`attachment; filename="_.pdf"; filename*=UTF-8''%E6%A0%A1%E9%97%A8%E5%8F%A3%E6%95%B4%E6%94%B9%E6%96%B9%E6%A1%88.pdf`);
    expect(contentDisposition(`a "b" \\c (1)'s*.txt`)).toBe(`attachment; filename="a _b_ _c (1)'s*.txt"; filename*=UTF-8''a%20%22b%22%20%5Cc%20%281%29%27s%2A.txt`);
  });
});

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect([formatBytes(980), formatBytes(12 * 1024), formatBytes(3.4 * 1024 * 1024)]).toEqual(['980 B', '12 KB', '3.4 MB']);
  });
});
