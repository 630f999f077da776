import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compoundFileRootNames } from '../../src/attachments/compound-file.js';
import { officeKindOf, parseContentTypes } from '../../src/attachments/office.js';
import { readZipEntry, zipEntries } from '../../src/attachments/zip.js';
import { compoundFileOf, concat, contentTypesXml, docBytes, docxBytes, ooxmlEntries, otherZipBytes, pptxBytes, xlsBytes, xlsxBytes, zipOf, type ZipFileEntry } from '../support/office-files.js';

const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const EXCEL_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
const setU16 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(at, v, true);
const setU32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
/** Where the end-of-central-directory record of a ZIP without comment starts. */
const endOf = (zip: Uint8Array) => zip.length - 22;
/** A docx whose entries are changed by `edit` (same order as ooxmlEntries). */
const docxWith = (edit: (entries: ZipFileEntry[]) => ZipFileEntry[]) => zipOf(edit(ooxmlEntries('docx')));

describe('zipEntries', () => {
  it('lists the entries from the central directory, with or without a comment after it', () => {
    expect(zipEntries(docxBytes())?.map((e) => e.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'docProps/core.xml']);
    expect(zipEntries(zipOf([{ name: '说明.txt', data: '中文名' }], { comment: '由 WPS 导出' }))?.map((e) => e.name)).toEqual(['说明.txt']);
    expect(zipEntries(zipOf([]))).toEqual([]);
  });

  it('refuses what is not one plain, whole ZIP', () => {
    const zip = docxBytes();
    expect(zipEntries(new Uint8Array(0))).toBeNull();
    expect(zipEntries(utf8('PK\x03\x04 only the start'))).toBeNull();
    expect(zipEntries(zip.subarray(0, zip.length - 1))).toBeNull(); // cut short: no end record
    expect(zipEntries(concat([zip, utf8('MZ appended program')]))).toBeNull(); // data after the end record
    const moreEntries = zip.slice();
    setU16(moreEntries, endOf(zip) + 8, 5);
    setU16(moreEntries, endOf(zip) + 10, 5); // five entries claimed, four there
    expect(zipEntries(moreEntries)).toBeNull();
    const outside = zip.slice();
    setU32(outside, endOf(zip) + 16, zip.length); // the directory would start after the end
    expect(zipEntries(outside)).toBeNull();
    const zip64 = zip.slice();
    setU32(zip64, endOf(zip) + 16, 0xffffffff);
    expect(zipEntries(zip64)).toBeNull();
    const split = zip.slice();
    setU16(split, endOf(zip) + 4, 1); // disk 1 of a split archive
    expect(zipEntries(split)).toBeNull();
  });

  it('refuses a name given twice, in any case (two readers could take different ones)', () => {
    expect(zipEntries(docxWith((e) => [...e, { name: 'word/document.xml', data: '<other/>' }]))).toBeNull();
    expect(zipEntries(docxWith((e) => [...e, { name: '[CONTENT_TYPES].XML', data: '<Types/>' }]))).toBeNull();
  });
});

describe('readZipEntry', () => {
  const only = (zip: Uint8Array) => zipEntries(zip)![0]!;

  it('reads a stored or a deflated entry', async () => {
    const stored = zipOf([{ name: 'a.xml', data: '<a>存储</a>', store: true }]);
    const deflated = zipOf([{ name: 'a.xml', data: '<a>压缩</a>'.repeat(100) }]);
    expect(text(await readZipEntry(stored, only(stored), 1024))).toBe('<a>存储</a>');
    expect(text(await readZipEntry(deflated, only(deflated), 10_000))).toBe('<a>压缩</a>'.repeat(100));
  });

  it('stops at the limit, also when the directory understates the size (a ZIP bomb)', async () => {
    const big = zipOf([{ name: 'a.xml', data: 'x'.repeat(200_000) }]);
    expect(await readZipEntry(big, only(big), 100_000)).toBeNull(); // declared too big
    expect(await readZipEntry(big, { ...only(big), uncompressedSize: 10 }, 100_000)).toBeNull(); // "10 bytes once inflated"
    expect(text(await readZipEntry(big, only(big), 200_000))?.length).toBe(200_000);
  });

  it('refuses an encrypted entry, another compression method, broken deflate data, a bad local header', async () => {
    const zip = zipOf([{ name: 'a.xml', data: '<a/>'.repeat(50) }]);
    const entry = only(zip);
    expect(await readZipEntry(zip, { ...entry, encrypted: true }, 10_000)).toBeNull();
    expect(await readZipEntry(zip, { ...entry, method: 12 }, 10_000)).toBeNull(); // bzip2
    expect(await readZipEntry(zip, { ...entry, localHeaderOffset: 1 }, 10_000)).toBeNull();
    expect(await readZipEntry(zip, { ...entry, compressedSize: zip.length }, 10_000)).toBeNull();
    const broken = zip.slice();
    broken.fill(0xff, 30 + 'a.xml'.length, 30 + 'a.xml'.length + 4);
    expect(await readZipEntry(broken, entry, 10_000)).toBeNull();
  });
});

describe('compoundFileRootNames', () => {
  it('lists the streams in the root storage of a compound file', () => {
    expect(compoundFileRootNames(docBytes())).toEqual(['WordDocument', '1Table', '\x05SummaryInformation']);
    const many = ['WordDocument', '1Table', 'Data', 'CompObj', '\x05SummaryInformation', '\x05DocumentSummaryInformation', 'ObjectPool', 'Macros'];
    expect(compoundFileRootNames(compoundFileOf(many))).toEqual(many); // a directory over three sectors
    expect(compoundFileRootNames(compoundFileOf([]))).toEqual([]);
  });

  it('refuses what is not a well-formed compound file', () => {
    const doc = docBytes();
    expect(compoundFileRootNames(docxBytes())).toBeNull();
    expect(compoundFileRootNames(doc.subarray(0, 600))).toBeNull(); // cut inside the directory
    const shift = doc.slice();
    setU16(shift, 0x1e, 10);
    expect(compoundFileRootNames(shift)).toBeNull();
    const directoryOutside = doc.slice();
    setU32(directoryOutside, 0x30, 1000);
    expect(compoundFileRootNames(directoryOutside)).toBeNull();
    const chainLoop = compoundFileOf(['WordDocument', '1Table', 'Data', 'CompObj', 'ObjectPool']); // directory in sectors 1 and 2
    setU32(chainLoop, 512 + 4 * 2, 1); // sector 2 leads back to 1
    expect(compoundFileRootNames(chainLoop)).toBeNull();
    const treeLoop = doc.slice();
    setU32(treeLoop, 1024 + 128 * 3 + 0x48, 1); // the last stream's right sibling is the first again
    expect(compoundFileRootNames(treeLoop)).toBeNull();
    const badName = doc.slice();
    setU16(badName, 1024 + 128 + 0x40, 66); // a name longer than 32 characters
    expect(compoundFileRootNames(badName)).toBeNull();
  });

  it('finds the allocation table through the DIFAT chain in a large file (more than 109 table sectors)', () => {
    // 110 table sectors (0–109), the DIFAT sector 110 listing the 110th, the directory far out at
    // sector 14,000, whose "end of chain" mark is in the 110th table sector: ≈ 7 MB, like a big .doc.
    const directorySector = 14_000;
    const file = new Uint8Array(512 * (directorySector + 2));
    const small = docBytes();
    file.set(small.subarray(0, 512));
    setU32(file, 0x2c, 110);
    setU32(file, 0x30, directorySector);
    setU32(file, 0x44, 110);
    setU32(file, 0x48, 1);
    for (let i = 0; i < 109; i++) setU32(file, 0x4c + 4 * i, i);
    const sectorAt = (n: number) => 512 * (n + 1);
    for (let s = 0; s <= 110; s++) file.fill(0xff, sectorAt(s), sectorAt(s) + 512);
    setU32(file, sectorAt(110), 109); // the DIFAT sector: the 110th table sector is sector 109…
    setU32(file, sectorAt(110) + 508, 0xfffffffe); // …and no further DIFAT sector
    setU32(file, sectorAt(109) + 4 * (directorySector % 128), 0xfffffffe);
    file.set(small.subarray(1024, 1536), sectorAt(directorySector));
    expect(compoundFileRootNames(file)).toEqual(['WordDocument', '1Table', '\x05SummaryInformation']);
    setU32(file, 0x2c, 300); // more table sectors than the DIFAT chain lists before it leads out of the file
    setU32(file, sectorAt(110) + 508, 20_000);
    expect(compoundFileRootNames(file)).toBeNull();
  });
});

describe('officeKindOf', () => {
  it('knows a Word document, a workbook and a presentation by their main part', async () => {
    expect(await officeKindOf(docxBytes())).toBe('docx');
    expect(await officeKindOf(xlsxBytes())).toBe('xlsx');
    expect(await officeKindOf(pptxBytes())).toBe('pptx');
    expect(await officeKindOf(zipOf(ooxmlEntries('docx').map((e) => ({ ...e, store: true }))))).toBe('docx'); // stored, not deflated
  });

  it('refuses a ZIP without a declared main part, or whose main part is something else', async () => {
    expect(await officeKindOf(otherZipBytes())).toBeNull();
    expect(await officeKindOf(docxWith((e) => e.filter((x) => x.name !== 'word/document.xml')))).toBeNull(); // declared, not there
    expect(await officeKindOf(docxWith((e) => e.filter((x) => x.name !== '[Content_Types].xml')))).toBeNull(); // there, not declared
    const declared = (type: string) => docxWith((e) => [{ name: '[Content_Types].xml', data: contentTypesXml([['/word/document.xml', type]]) }, ...e.slice(1)]);
    expect(await officeKindOf(declared('application/vnd.ms-word.document.macroEnabled.main+xml'))).toBeNull(); // a .docm
    expect(await officeKindOf(declared('application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml'))).toBeNull(); // a .dotx
    expect(await officeKindOf(declared('application/xml'))).toBeNull();
    expect(await officeKindOf(declared(WORD_MAIN.toUpperCase()))).toBe('docx'); // media types ignore case
  });

  it('refuses a package that claims to be two kinds at once', async () => {
    const both = zipOf([
      { name: '[Content_Types].xml', data: contentTypesXml([['/word/document.xml', WORD_MAIN], ['/xl/workbook.xml', EXCEL_MAIN]]) },
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
    ]);
    expect(await officeKindOf(both)).toBeNull();
  });

  it('refuses content types that inflate beyond 1 MB', async () => {
    const padded = contentTypesXml([['/word/document.xml', WORD_MAIN]]).replace('<Types', `<!--${' '.repeat(1_100_000)}--><Types`);
    expect(deflateRawSync(padded).length).toBeLessThan(5_000);
    expect(await officeKindOf(docxWith((e) => [{ name: '[Content_Types].xml', data: padded }, ...e.slice(1)]))).toBeNull();
  });

  it('knows a .doc and an .xls by their streams, and refuses other compound files', async () => {
    expect(await officeKindOf(docBytes())).toBe('doc');
    expect(await officeKindOf(xlsBytes())).toBe('xls');
    expect(await officeKindOf(compoundFileOf(['Book']))).toBe('xls'); // Excel 5.0/95
    expect(await officeKindOf(compoundFileOf(['\x05SummaryInformation', '\x05DigitalSignature']))).toBeNull(); // .msi
    expect(await officeKindOf(compoundFileOf(['__properties_version1.0', '__nameid_version1.0']))).toBeNull(); // .msg
    expect(await officeKindOf(compoundFileOf(['PowerPoint Document', 'Current User']))).toBeNull(); // .ppt
    expect(await officeKindOf(compoundFileOf(['WordDocument', 'Workbook']))).toBeNull();
    expect(await officeKindOf(compoundFileOf(['EncryptionInfo', 'EncryptedPackage']))).toBeNull(); // a password-protected .docx
  });
});

describe('parseContentTypes', () => {
  it('takes a part’s Override, else the Default for its extension, whatever the case, quotes, order or prefix', () => {
    const xml =
      "<ct:Types xmlns:ct='http://schemas.openxmlformats.org/package/2006/content-types'>" +
      "<ct:Default ContentType='application/xml' Extension='XML'/>" +
      '<ct:Override ContentType="Application/Vnd.Test+xml" PartName="/Word/Document.xml" ></ct:Override>' +
      '</ct:Types>';
    const types = parseContentTypes(xml);
    expect(types.of('/word/document.xml')).toBe('application/vnd.test+xml');
    expect(types.of('/word/styles.xml')).toBe('application/xml');
    expect(types.of('/word/media/image1.png')).toBeUndefined();
    expect(parseContentTypes('not xml at all').of('/word/document.xml')).toBeUndefined();
  });

  it('takes a main part declared through the Default for .xml (as some writers do)', async () => {
    const zip = docxWith((e) => [{ name: '[Content_Types].xml', data: `<Types><Default Extension="xml" ContentType="${WORD_MAIN}"/></Types>` }, ...e.slice(1)]);
    expect(await officeKindOf(zip)).toBe('docx');
  });
});
