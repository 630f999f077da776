// Which Office document a container holds, from its inside: a ZIP is a .docx only when it holds a Word
// document, an OLE compound file is a .doc only when it holds a Word stream. A file name says nothing
// here: a zipped program or an .msi renamed to .docx or .doc is refused. See docs/decisions/0007.
import { compoundFileRootNames } from './compound-file.js';
import { readZipEntry, zipEntries } from './zip.js';

export type OfficeKind = 'docx' | 'xlsx' | 'pptx' | 'doc' | 'xls';

/**
 * The main part of each OOXML kind and the content type [Content_Types].xml must give it (ECMA-376
 * part 1, 11.3.10, 12.3.23, 13.3.6). A macro-enabled .docm or a template declares another type: refused.
 */
const OOXML_MAIN_PARTS = [
  { kind: 'docx', part: 'word/document.xml', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' },
  { kind: 'xlsx', part: 'xl/workbook.xml', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
  { kind: 'pptx', part: 'ppt/presentation.xml', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml' },
] as const;

/** The root streams that make a compound file a Word 97–2003 document or an Excel 97–2003 (or 5.0/95) workbook. */
const OLE_MAIN_STREAMS = [
  { kind: 'doc', streams: ['WordDocument'] },
  { kind: 'xls', streams: ['Workbook', 'Book'] },
] as const;

/** [Content_Types].xml is a few KB even for a large workbook; more than this is not an Office file. */
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

/** The Office document a ZIP or compound file holds, or null when it holds none (or more than one kind). */
export async function officeKindOf(bytes: Uint8Array): Promise<OfficeKind | null> {
  const names = compoundFileRootNames(bytes);
  if (names) {
    const kinds = OLE_MAIN_STREAMS.filter((k) => k.streams.some((s) => names.includes(s)));
    return kinds.length === 1 ? kinds[0]!.kind : null;
  }
  return ooxmlKindOf(bytes);
}

async function ooxmlKindOf(bytes: Uint8Array): Promise<OfficeKind | null> {
  const entries = zipEntries(bytes);
  if (!entries) return null;
  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const contentTypesEntry = byName.get('[content_types].xml');
  const candidates = OOXML_MAIN_PARTS.filter((m) => byName.has(m.part));
  if (!contentTypesEntry || candidates.length === 0) return null;
  const xml = await readZipEntry(bytes, contentTypesEntry, MAX_CONTENT_TYPES_BYTES);
  if (!xml) return null;
  const contentTypes = parseContentTypes(new TextDecoder().decode(xml));
  const kinds = candidates.filter((m) => contentTypes.of(`/${m.part}`) === m.contentType);
  return kinds.length === 1 ? kinds[0]!.kind : null;
}

/**
 * The content type [Content_Types].xml gives a part: its Override, else the Default for its extension
 * (ECMA-376 part 2, 10.1.2.4). Part names, extensions and media types compare case-insensitively.
 * A scan of the two element kinds with their attributes; nothing else in the file matters here.
 */
export function parseContentTypes(xml: string): { of: (partName: string) => string | undefined } {
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const element of xml.matchAll(/<(?:[\w.-]+:)?(Override|Default)\b([^>]*)>/g)) {
    const attributes = new Map([...element[2]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((a) => [a[1]!, (a[2] ?? a[3]!).trim()]));
    const contentType = attributes.get('ContentType')?.toLowerCase();
    if (!contentType) continue;
    const partName = attributes.get('PartName');
    const extension = attributes.get('Extension');
    if (element[1] === 'Override' && partName) overrides.set(partName.toLowerCase(), contentType);
    if (element[1] === 'Default' && extension) defaults.set(extension.toLowerCase(), contentType);
  }
  return {
    of: (partName) => {
      const name = partName.toLowerCase();
      return overrides.get(name) ?? defaults.get(/\.([^./]+)$/.exec(name)?.[1] ?? '');
    },
  };
}
