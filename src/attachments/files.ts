// Attachment checks that run on both Node and workerd (Uint8Array only, no node: imports).
// The type is decided from the bytes: a file name or a browser's content type is whatever the sender
// says. An Office file is told by its inside (office.ts): a ZIP is a .docx only if it holds a Word
// document, an OLE compound file a .doc only if it holds a Word stream; any other ZIP or compound file
// is refused, whatever its name (it could be a zipped program or an .msi). Only plain text goes by name.
import { DEFAULT_MAX_IMAGE_PIXELS, InvalidImageError, readDimensions, sniffImageType, stripMetadata } from '../photos/image.js';
import { officeKindOf } from './office.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_FORM = 5;
export const MAX_FILE_NAME_LENGTH = 120;

/** For the file input's accept attribute (a convenience for the picker; the server decides). */
export const ATTACHMENT_ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.pptx,.jpg,.jpeg,.png,.webp,.txt';

export type AttachmentError = 'tooLarge' | 'notAllowed' | 'tooMany' | 'tooManyPixels';

/** Each accepted type with the extensions a file of that type may carry (the first is the usual one). */
const TYPES = {
  pdf: { contentType: 'application/pdf', extensions: ['.pdf'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  png: { contentType: 'image/png', extensions: ['.png'] },
  webp: { contentType: 'image/webp', extensions: ['.webp'] },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['.docx'] },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['.xlsx'] },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['.pptx'] },
  doc: { contentType: 'application/msword', extensions: ['.doc'] },
  xls: { contentType: 'application/vnd.ms-excel', extensions: ['.xls'] },
  txt: { contentType: 'text/plain; charset=utf-8', extensions: ['.txt'] },
} as const;

type FileType = (typeof TYPES)[keyof typeof TYPES];

const startsWith = (b: Uint8Array, sig: readonly number[]) => b.length >= sig.length && sig.every((v, i) => b[i] === v);
const extensionOf = (name: string) => /\.[^.]+$/.exec(name)?.[0].toLowerCase() ?? '';

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The type of a file from its bytes (and, for text only, its extension); null: refused. */
export async function detectFileType(bytes: Uint8Array, fileName: string): Promise<FileType | null> {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return TYPES.pdf; // %PDF-
  const image = sniffImageType(bytes);
  if (image) return image === 'image/jpeg' ? TYPES.jpeg : image === 'image/png' ? TYPES.png : TYPES.webp;
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE)) {
    const kind = await officeKindOf(bytes);
    return kind ? TYPES[kind] : null;
  }
  // Text last, and only by name: any binary format without a signature above might still decode as UTF-8.
  if (extensionOf(fileName) === '.txt' && isUtf8Text(bytes)) return TYPES.txt;
  return null;
}

/**
 * A file name that is safe to store and to offer back: no directories, no control or bidi-override
 * characters (which can disguise "…exe" as "…pdf"), no characters Windows refuses, no leading dots;
 * Chinese and other letters are kept. At most 120 characters, shortened before the extension.
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = [...cleaned]; // code points, so a character outside the BMP is never cut in half
  if (chars.length === 0) return 'attachment';
  if (chars.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const ext = [...extensionOf(cleaned)];
  const keep = ext.length > 0 && ext.length < 20 ? ext : [];
  return chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join('').trimEnd() + keep.join('');
}

export type PreparedAttachment = { ok: true; fileName: string; contentType: string; bytes: Uint8Array } | { ok: false; error: AttachmentError };

/**
 * What one upload goes through before it is stored. The name gets the type's extension when it does not
 * already carry one of them, so a download always opens with the program its bytes are for.
 */
export async function prepareAttachment(bytes: Uint8Array, originalName: string, maxBytes = MAX_ATTACHMENT_BYTES, maxPixels = DEFAULT_MAX_IMAGE_PIXELS): Promise<PreparedAttachment> {
  if (bytes.length > maxBytes) return { ok: false, error: 'tooLarge' };
  let fileName = sanitizeFileName(originalName);
  const type = await detectFileType(bytes, fileName);
  if (!type) return { ok: false, error: 'notAllowed' };
  if (!(type.extensions as readonly string[]).includes(extensionOf(fileName))) fileName = sanitizeFileName(fileName + type.extensions[0]);
  // Images lose their Exif/XMP metadata like hazard photos do (a phone photo carries where it was taken).
  const image = sniffImageType(bytes);
  if (!image) return { ok: true, fileName, contentType: type.contentType, bytes };
  try {
    const stripped = stripMetadata(bytes, image);
    const dims = readDimensions(stripped, image);
    if (dims && dims.width * dims.height > maxPixels) return { ok: false, error: 'tooManyPixels' };
    return { ok: true, fileName, contentType: type.contentType, bytes: stripped };
  } catch (e) {
    if (e instanceof InvalidImageError) return { ok: false, error: 'notAllowed' };
    throw e;
  }
}

/**
 * Content-Disposition for a download: an ASCII `filename` for old clients and the real name as
 * RFC 5987 `filename*` (UTF-8, percent-encoded), which every current browser prefers.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A size as people read it: 980 B, 12 KB, 3.4 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
