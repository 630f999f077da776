// Minimal but real Office files built in the test: ZIP packages laid out like Word, Excel and PowerPoint
// write them, and OLE compound files like a Word 97 .doc or an .msi. Tests run on Node, so node:zlib is fine.
import { crc32, deflateRawSync } from 'node:zlib';

export type ZipFileEntry = { name: string; data: string | Uint8Array; store?: boolean };

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A ZIP file (deflated entries unless `store`), with local headers, central directory and end record. */
export function zipOf(entries: ZipFileEntry[], { comment = '' } = {}): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? utf8(entry.data) : entry.data;
    const packed = entry.store ? data : new Uint8Array(deflateRawSync(data));
    const name = utf8(entry.name);
    const method = entry.store ? 0 : 8;
    const crc = crc32(data);
    const local = new Uint8Array(30 + name.length + packed.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, 0x0800, true); // names in UTF-8
    l.setUint16(8, method, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, packed.length, true);
    l.setUint32(22, data.length, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(packed, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, method, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, packed.length, true);
    c.setUint32(24, data.length, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const commentBytes = utf8(comment);
  const end = new Uint8Array(22 + commentBytes.length);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, directorySize, true);
  e.setUint32(16, offset, true);
  e.setUint16(20, commentBytes.length, true);
  end.set(commentBytes, 22);
  return concat([...locals, ...centrals, end]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const MAIN = {
  docx: { part: 'word/document.xml', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', xml: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>整改方案</w:t></w:r></w:p></w:body></w:document>' },
  xlsx: { part: 'xl/workbook.xml', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', xml: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="排班表" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>' },
  pptx: { part: 'ppt/presentation.xml', type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', xml: '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>' },
} as const;

export type OoxmlKind = keyof typeof MAIN;

/** [Content_Types].xml as Office writes it: Defaults for rels and xml, an Override for the main part. */
export function contentTypesXml(overrides: Array<[partName: string, contentType: string]>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('') +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '</Types>'
  );
}

/** The smallest package of that kind that Office opens: content types, the package relationship, the main part. */
export function ooxmlEntries(kind: OoxmlKind): ZipFileEntry[] {
  const main = MAIN[kind];
  return [
    { name: '[Content_Types].xml', data: contentTypesXml([[`/${main.part}`, main.type]]) },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main.part}"/></Relationships>`,
    },
    { name: main.part, data: main.xml },
    { name: 'docProps/core.xml', data: '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>' },
  ];
}

export const docxBytes = () => zipOf(ooxmlEntries('docx'));
export const xlsxBytes = () => zipOf(ooxmlEntries('xlsx'));
export const pptxBytes = () => zipOf(ooxmlEntries('pptx'));

/** A ZIP of anything else (a program and a note), as someone might rename it to .docx. */
export const otherZipBytes = () => zipOf([{ name: 'setup.exe', data: 'MZ\x90\x00This program cannot be run in DOS mode.' }, { name: 'readme.txt', data: '运行 setup.exe' }]);

/**
 * An OLE compound file (version 3, 512-byte sectors) whose root storage holds empty streams of these
 * names: sector 0 is the allocation table, sectors 1… the directory. ["WordDocument", "1Table"] is
 * laid out like a Word 97 .doc, ["Workbook"] like an .xls, ["\x05SummaryInformation"] like an .msi's.
 */
export function compoundFileOf(streamNames: string[]): Uint8Array {
  const entries = ['Root Entry', ...streamNames];
  const directorySectors = Math.ceil(entries.length / 4);
  const out = new Uint8Array(512 * (2 + directorySectors));
  const v = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  v.setUint16(0x18, 0x3e, true); // minor version
  v.setUint16(0x1a, 3, true); // major version
  v.setUint16(0x1c, 0xfffe, true); // little-endian
  v.setUint16(0x1e, 9, true); // 512-byte sectors
  v.setUint16(0x20, 6, true); // 64-byte mini sectors
  v.setUint32(0x2c, 1, true); // one allocation-table sector…
  v.setUint32(0x30, 1, true); // …and the directory starts at sector 1
  v.setUint32(0x38, 4096, true); // mini stream cutoff
  v.setUint32(0x3c, 0xfffffffe, true); // no mini allocation table
  v.setUint32(0x44, 0xfffffffe, true); // no DIFAT sectors
  for (let i = 0; i < 109; i++) v.setUint32(0x4c + 4 * i, i === 0 ? 0 : 0xffffffff, true);
  // The allocation table: sector 0 is itself, the directory sectors chain one to the next.
  const fat = 512;
  for (let i = 0; i < 128; i++) v.setUint32(fat + 4 * i, 0xffffffff, true);
  v.setUint32(fat, 0xfffffffd, true);
  for (let s = 1; s <= directorySectors; s++) v.setUint32(fat + 4 * s, s === directorySectors ? 0xfffffffe : s + 1, true);
  // Directory entries: the root's child is the first stream, each stream's right sibling the next one
  // (a degenerate but valid tree); unused slots stay empty.
  entries.forEach((name, i) => {
    const at = 1024 + 128 * i;
    for (let c = 0; c < name.length; c++) v.setUint16(at + 2 * c, name.charCodeAt(c), true);
    v.setUint16(at + 0x40, 2 * (name.length + 1), true);
    out[at + 0x42] = i === 0 ? 5 : 2;
    out[at + 0x43] = 1; // black
    v.setUint32(at + 0x44, 0xffffffff, true);
    v.setUint32(at + 0x48, i > 0 && i < entries.length - 1 ? i + 1 : 0xffffffff, true);
    v.setUint32(at + 0x4c, i === 0 && entries.length > 1 ? 1 : 0xffffffff, true);
    v.setUint32(at + 0x74, 0xfffffffe, true); // empty: no sectors
  });
  for (let i = entries.length; i < directorySectors * 4; i++) {
    const at = 1024 + 128 * i;
    v.setUint32(at + 0x44, 0xffffffff, true);
    v.setUint32(at + 0x48, 0xffffffff, true);
    v.setUint32(at + 0x4c, 0xffffffff, true);
  }
  return out;
}

export const docBytes = () => compoundFileOf(['WordDocument', '1Table', '\x05SummaryInformation']);
export const xlsBytes = () => compoundFileOf(['Workbook', '\x05SummaryInformation']);
