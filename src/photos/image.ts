// Photo checks that run on both Node and workerd: only Uint8Array, no Buffer, no node: imports.
// The type is decided from the bytes alone (a file name or a declared content type is whatever the
// phone or an attacker says), and metadata that can reveal where a photo was taken is removed
// before anything is stored.

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS_PER_UPLOAD = 6;
/**
 * Default of MAX_IMAGE_PIXELS: a phone's 48-megapixel mode still passes at its default 12 MP, and a
 * small file that unpacks to gigabytes of pixels in every browser that shows it does not.
 */
export const DEFAULT_MAX_IMAGE_PIXELS = 40_000_000;

/** The bytes are not a well-formed image of the type they claim to be (truncated, bad lengths...). */
export class InvalidImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidImageError';
  }
}

function fail(message: string): never {
  throw new InvalidImageError(message);
}

// Bounds-checked readers: every read past the end is a truncated image, never `undefined` arithmetic.
function u8(b: Uint8Array, at: number): number {
  const v = b[at];
  return v === undefined ? fail('truncated') : v;
}
const u16be = (b: Uint8Array, at: number) => (u8(b, at) << 8) | u8(b, at + 1);
const u16le = (b: Uint8Array, at: number) => u8(b, at) | (u8(b, at + 1) << 8);
const u24le = (b: Uint8Array, at: number) => u8(b, at) | (u8(b, at + 1) << 8) | (u8(b, at + 2) << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;

function startsWith(b: Uint8Array, at: number, ascii: string): boolean {
  if (at + ascii.length > b.length) return false;
  for (let i = 0; i < ascii.length; i++) if (b[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((v, i) => bytes[i] === v)) return 'image/png';
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'image/webp';
  return null;
}

/** A copy of the image without Exif/XMP/IPTC/text metadata (JPEG keeps its orientation, see below). */
export function stripMetadata(bytes: Uint8Array, type: ImageType): Uint8Array {
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
  }
}

/** Width and height as stored (before any Exif rotation); null when unknown or malformed. */
export function readDimensions(bytes: Uint8Array, type: ImageType): { width: number; height: number } | null {
  try {
    const d = type === 'image/jpeg' ? jpegDimensions(bytes) : type === 'image/png' ? pngDimensions(bytes) : webpDimensions(bytes);
    return d && d.width > 0 && d.height > 0 ? d : null;
  } catch (e) {
    if (e instanceof InvalidImageError) return null;
    throw e;
  }
}

/** The Exif orientation (1–8) of a JPEG; 1 when absent, malformed, or not a JPEG. */
export function readOrientation(bytes: Uint8Array, type: ImageType): number {
  if (type !== 'image/jpeg') return 1;
  try {
    for (const p of jpegParts(bytes, true)) {
      if (p.marker === 0xe1) {
        const o = exifOrientation(bytes.subarray(p.start + 4, p.end));
        if (o !== 1) return o;
      }
    }
  } catch (e) {
    if (!(e instanceof InvalidImageError)) throw e;
  }
  return 1;
}

export type PreparedUpload =
  | { ok: true; bytes: Uint8Array; contentType: ImageType; width: number; height: number }
  | { ok: false; error: 'tooLarge' | 'notImage' | 'corrupt' | 'tooManyPixels' };

/**
 * Everything an upload goes through before it is stored. width/height are the *displayed* size:
 * browsers apply Exif orientation, so for orientations 5–8 (90° turns) they are swapped, which keeps
 * the <img width height> aspect ratio right.
 */
export function prepareUpload(bytes: Uint8Array, maxBytes = MAX_PHOTO_BYTES, maxPixels = DEFAULT_MAX_IMAGE_PIXELS): PreparedUpload {
  // Size first: never parse more than the limit.
  if (bytes.length > maxBytes) return { ok: false, error: 'tooLarge' };
  const contentType = sniffImageType(bytes);
  if (!contentType) return { ok: false, error: 'notImage' };
  let stripped: Uint8Array;
  try {
    stripped = stripMetadata(bytes, contentType);
  } catch (e) {
    if (e instanceof InvalidImageError) return { ok: false, error: 'corrupt' };
    throw e;
  }
  const dims = readDimensions(stripped, contentType);
  if (!dims) return { ok: false, error: 'corrupt' };
  if (dims.width * dims.height > maxPixels) return { ok: false, error: 'tooManyPixels' };
  const turned = readOrientation(stripped, contentType) >= 5;
  return { ok: true, bytes: stripped, contentType, width: turned ? dims.height : dims.width, height: turned ? dims.width : dims.height };
}

// ---------------------------------------------------------------------------------------------- JPEG

/** One piece of a JPEG: a marker segment (start at its FF) or, with marker -1, a scan's entropy data. */
interface JpegPart {
  marker: number;
  start: number;
  end: number;
}

/**
 * Splits a JPEG into marker segments and entropy-coded data, from SOI up to and including EOI.
 * Throws InvalidImageError on anything malformed; every step advances, so it cannot loop.
 * Data after EOI is not returned: phones append trailers there (MPF secondary images, vendor blocks)
 * that can carry their own Exif, so it must not survive stripping either.
 * With headerOnly, stops after the first SOS segment (the scan data is not checked then).
 */
function jpegParts(b: Uint8Array, headerOnly = false): JpegPart[] {
  if (u8(b, 0) !== 0xff || u8(b, 1) !== 0xd8) fail('not a JPEG');
  const parts: JpegPart[] = [{ marker: 0xd8, start: 0, end: 2 }];
  let pos = 2;
  let scanned = false;
  for (;;) {
    if (u8(b, pos) !== 0xff) fail('expected a marker');
    const marker = u8(b, pos + 1);
    if (marker === 0xff) {
      pos++; // fill byte before a marker
      continue;
    }
    if (marker === 0xd9) {
      if (!scanned) fail('no image data');
      parts.push({ marker, start: pos, end: pos + 2 });
      return parts;
    }
    // Standalone markers (SOI, RSTn, TEM) and stuffed zeros are only valid inside scan data.
    if (marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) fail('unexpected marker');
    const len = u16be(b, pos + 2);
    const end = pos + 2 + len;
    if (len < 2 || end > b.length) fail('bad segment length');
    parts.push({ marker, start: pos, end });
    pos = end;
    if (marker === 0xda) {
      if (headerOnly) return parts; // enough for dimensions and orientation, and cheaper
      // Entropy-coded data: runs to the next real marker. FF 00 is an escaped FF, FF Dn a restart.
      scanned = true;
      const start = pos;
      // A tight loop on raw indexing (no helper calls): this runs over megabytes on a Worker's CPU budget.
      const last = b.length - 1;
      for (;;) {
        while (pos < last && b[pos] !== 0xff) pos++;
        if (pos >= last) fail('truncated');
        const next = b[pos + 1]!;
        if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
        pos += 2;
      }
      parts.push({ marker: -1, start, end: pos });
    }
  }
}

/** APPn/COM segments that are kept: JFIF, ICC profile, Adobe (colour transform). Everything else goes. */
function keepJpegSegment(b: Uint8Array, p: JpegPart): boolean {
  if (p.marker === 0xe0 || p.marker === 0xee) return true;
  // APP2 is also used for MPF (pointers to the appended images dropped with the trailer) and FlashPix.
  if (p.marker === 0xe2) return startsWith(b, p.start + 4, 'ICC_PROFILE\0');
  return !((p.marker >= 0xe0 && p.marker <= 0xef) || p.marker === 0xfe);
}

function stripJpeg(b: Uint8Array): Uint8Array {
  const parts = jpegParts(b);
  let orientation = 1;
  const kept: Uint8Array[] = [];
  let afterApp0 = 1; // where the new Exif goes: after SOI and a leading JFIF APP0, as readers expect
  for (const p of parts) {
    if (p.marker === 0xe1 && orientation === 1) orientation = exifOrientation(b.subarray(p.start + 4, p.end));
    if (!keepJpegSegment(b, p)) continue;
    if (p.marker === 0xe0 && kept.length === afterApp0) afterApp0++;
    kept.push(b.subarray(p.start, p.end));
  }
  if (orientation !== 1) kept.splice(afterApp0, 0, minimalExif(orientation));
  return concat(kept);
}

/**
 * The Orientation tag (0x0112) of IFD0 in an APP1 payload, 1 when it is not Exif or has none.
 * A malformed Exif block is ignored rather than rejected: it is dropped anyway, and phones do
 * write broken Exif now and then.
 */
function exifOrientation(app1: Uint8Array): number {
  try {
    if (!startsWith(app1, 0, 'Exif\0\0')) return 1;
    const t = app1.subarray(6); // TIFF header: offsets below are relative to it
    const le = startsWith(t, 0, 'II');
    if (!le && !startsWith(t, 0, 'MM')) return 1;
    const r16 = le ? u16le : u16be;
    const r32 = le ? u32le : u32be;
    if (r16(t, 2) !== 42) return 1;
    const ifd = r32(t, 4);
    const count = r16(t, ifd);
    for (let i = 0; i < count; i++) {
      const e = ifd + 2 + i * 12;
      // SHORT (3), count 1: the value sits in the first two bytes of the value field.
      if (r16(t, e) === 0x0112 && r16(t, e + 2) === 3 && r32(t, e + 4) === 1) {
        const v = r16(t, e + 8);
        return v >= 1 && v <= 8 ? v : 1;
      }
    }
    return 1;
  } catch (e) {
    if (e instanceof InvalidImageError) return 1;
    throw e;
  }
}

/** APP1 "Exif" with a little-endian TIFF header and an IFD0 holding only Orientation. */
function minimalExif(orientation: number): Uint8Array {
  // prettier-ignore
  return new Uint8Array([
    0xff, 0xe1, 0x00, 0x22, // APP1, length 34 (includes these two length bytes)
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // "Exif\0\0"
    0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, // "II", 42, IFD0 at offset 8
    0x01, 0x00, // one entry
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00, // 0x0112 SHORT ×1
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegDimensions(b: Uint8Array): { width: number; height: number } | null {
  for (const p of jpegParts(b, true)) {
    // SOFn: length(2) precision(1) height(2) width(2)
    if (isSof(p.marker) && p.end - p.start >= 9) return { height: u16be(b, p.start + 5), width: u16be(b, p.start + 7) };
  }
  return null;
}

// ----------------------------------------------------------------------------------------------- PNG

const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

/** Chunks from the signature to IEND (data after IEND is dropped). Throws on malformed input. */
function pngChunks(b: Uint8Array): { type: string; start: number; end: number }[] {
  if (sniffImageType(b) !== 'image/png') fail('not a PNG');
  const chunks: { type: string; start: number; end: number }[] = [];
  let pos = 8;
  for (;;) {
    const len = u32be(b, pos);
    const end = pos + 12 + len; // length, type, data, CRC
    if (len > 0x7fffffff || end > b.length) fail('bad chunk length');
    let type = '';
    for (let i = 4; i < 8; i++) {
      const c = u8(b, pos + i);
      if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) fail('bad chunk type');
      type += String.fromCharCode(c);
    }
    if (chunks.length === 0 && type !== 'IHDR') fail('IHDR must come first');
    chunks.push({ type, start: pos, end });
    if (type === 'IEND') return chunks;
    pos = end;
  }
}

function stripPng(b: Uint8Array): Uint8Array {
  const kept = pngChunks(b)
    .filter((c) => !PNG_DROP.has(c.type))
    .map((c) => b.subarray(c.start, c.end)); // copied whole, so their CRCs stay valid
  return concat([b.subarray(0, 8), ...kept]);
}

function pngDimensions(b: Uint8Array): { width: number; height: number } | null {
  const ihdr = pngChunks(b)[0];
  if (!ihdr || ihdr.end - ihdr.start < 12 + 8) return null;
  return { width: u32be(b, ihdr.start + 8), height: u32be(b, ihdr.start + 12) };
}

// ---------------------------------------------------------------------------------------------- WebP

/** RIFF chunks of a WebP (data after the RIFF size is dropped). Throws on malformed input. */
function webpChunks(b: Uint8Array): { type: string; start: number; size: number; end: number }[] {
  if (sniffImageType(b) !== 'image/webp') fail('not a WebP');
  const riffEnd = 8 + u32le(b, 4);
  if (riffEnd > b.length) fail('truncated');
  const chunks: { type: string; start: number; size: number; end: number }[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    const type = String.fromCharCode(u8(b, pos), u8(b, pos + 1), u8(b, pos + 2), u8(b, pos + 3));
    const size = u32le(b, pos + 4);
    const end = pos + 8 + size + (size & 1); // odd sizes are followed by one padding byte
    if (end > riffEnd) fail('bad chunk size');
    if (chunks.length === 0 && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X') fail('no VP8 chunk');
    chunks.push({ type, start: pos, size, end });
    pos = end;
  }
  if (chunks.length === 0) fail('empty WebP');
  return chunks;
}

function stripWebp(b: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [];
  for (const c of webpChunks(b)) {
    if (c.type === 'EXIF' || c.type === 'XMP ') continue;
    if (c.type === 'VP8X') {
      if (c.size < 10) fail('short VP8X');
      const copy = b.slice(c.start, c.end);
      copy[8] = u8(copy, 8) & ~(0x08 | 0x04); // the flags must not announce the chunks just removed
      kept.push(copy);
    } else kept.push(b.subarray(c.start, c.end));
  }
  const out = concat([b.subarray(0, 12), ...kept]);
  const riffSize = out.length - 8;
  out.set([riffSize & 0xff, (riffSize >>> 8) & 0xff, (riffSize >>> 16) & 0xff, riffSize >>> 24], 4);
  return out;
}

function webpDimensions(b: Uint8Array): { width: number; height: number } | null {
  const c = webpChunks(b)[0];
  if (!c) return null;
  const d = c.start + 8; // chunk data
  if (c.type === 'VP8X' && c.size >= 10) return { width: 1 + u24le(b, d + 4), height: 1 + u24le(b, d + 7) };
  // VP8L: signature 0x2F, then 14-bit width-1 and 14-bit height-1, little-endian bit order.
  if (c.type === 'VP8L' && c.size >= 5 && u8(b, d) === 0x2f) {
    const bits = u32le(b, d + 1);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  // VP8 (lossy) key frame: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height.
  if (c.type === 'VP8 ' && c.size >= 10 && u8(b, d + 3) === 0x9d && u8(b, d + 4) === 0x01 && u8(b, d + 5) === 0x2a) {
    return { width: u16le(b, d + 6) & 0x3fff, height: u16le(b, d + 8) & 0x3fff };
  }
  return null;
}
