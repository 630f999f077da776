// Reads what a ZIP file says it holds, from its central directory, on Node and workerd alike (Uint8Array
// and the web-standard DecompressionStream; no node: imports). Only what the Office check needs: the
// entries' names and, for one small entry, its bytes. Anything malformed, ambiguous or unusual is null,
// so an upload that is not a plain ZIP is refused rather than guessed at. See docs/decisions/0007.

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated; anything else is not read. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

const EOCD = 0x06054b50; // end of central directory record
const CENTRAL = 0x02014b50; // central directory file header
const LOCAL = 0x04034b50; // local file header
const EOCD_LENGTH = 22;
const MAX_COMMENT = 0xffff;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => u16(b, at) + u16(b, at + 2) * 0x10000;
const fits = (b: Uint8Array, at: number, length: number) => at >= 0 && at + length <= b.length;

/**
 * The entries of a ZIP file, in central-directory order, or null when it is not a well-formed single-disk
 * ZIP: no end record (or data after it), a directory outside the file, an entry cut short, a name twice
 * (two readers could pick different ones), or ZIP64 (never needed below 4 GB and 65,535 entries).
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  // The end record is the last thing in the file: 22 bytes and a comment of up to 65,535 bytes.
  let end = -1;
  for (let at = bytes.length - EOCD_LENGTH; at >= Math.max(0, bytes.length - EOCD_LENGTH - MAX_COMMENT); at--) {
    if (u32(bytes, at) === EOCD && at + EOCD_LENGTH + u16(bytes, at + 20) === bytes.length) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const disk = u16(bytes, end + 4);
  const directoryDisk = u16(bytes, end + 6);
  const count = u16(bytes, end + 10);
  const directorySize = u32(bytes, end + 12);
  const directoryOffset = u32(bytes, end + 16);
  if (disk !== 0 || directoryDisk !== 0 || u16(bytes, end + 8) !== count) return null; // split archives
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return null; // ZIP64
  if (directoryOffset + directorySize > end) return null;

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  const names = new TextDecoder('utf-8', { fatal: false });
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (!fits(bytes, at, 46) || at + 46 > directoryOffset + directorySize || u32(bytes, at) !== CENTRAL) return null;
    const nameLength = u16(bytes, at + 28);
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > directoryOffset + directorySize) return null;
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: u16(bytes, at + 10),
      encrypted: (u16(bytes, at + 8) & 1) === 1,
      compressedSize: u32(bytes, at + 20),
      uncompressedSize: u32(bytes, at + 24),
      localHeaderOffset: u32(bytes, at + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) return null;
    // Office part names are case-insensitive (ECMA-376 part 2, 6.2.2.3), so "a" and "A" are the same part.
    const key = entry.name.toLowerCase();
    if (seen.has(key)) return null;
    seen.add(key);
    entries.push(entry);
    at = next;
  }
  return entries;
}

/**
 * The bytes of one entry, at most maxBytes once inflated, or null: not stored or deflated, encrypted,
 * outside the file, or larger than allowed (a small XML part that inflates to gigabytes is a ZIP bomb).
 */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Promise<Uint8Array | null> {
  if (entry.encrypted || entry.uncompressedSize > maxBytes) return null;
  const local = entry.localHeaderOffset;
  if (!fits(bytes, local, 30) || u32(bytes, local) !== LOCAL) return null;
  // The local header's own name and extra lengths place the data; the sizes come from the central
  // directory (a streamed ZIP leaves them 0 in the local header and writes a data descriptor after).
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  if (!fits(bytes, start, entry.compressedSize)) return null;
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.length === entry.uncompressedSize ? data : null;
  if (entry.method !== 8) return null;
  return inflateRaw(data, maxBytes);
}

/** Deflated bytes inflated, stopping as soon as the output would pass maxBytes; null if broken or too big. */
async function inflateRaw(data: Uint8Array, maxBytes: number): Promise<Uint8Array | null> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > maxBytes) {
        await reader.cancel();
        return null;
      }
      parts.push(value);
    }
  } catch {
    return null; // not valid deflate data
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
