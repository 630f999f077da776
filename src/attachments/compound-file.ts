// Reads the names at the top of an OLE compound file ([MS-CFB]: the container of .doc, .xls, .ppt, .msi,
// .msg …), on Node and workerd alike (Uint8Array only). A .doc is told from an .msi by the streams its root
// storage holds, so only the directory is read: no stream contents. See docs/decisions/0007.

export const COMPOUND_FILE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

const END_OF_CHAIN = 0xfffffffe;
const NO_STREAM = 0xffffffff;
const HEADER_DIFAT_ENTRIES = 109;
const ENTRY_LENGTH = 128;
const STORAGE = 1;
const STREAM = 2;
const ROOT = 5;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => u16(b, at) + u16(b, at + 2) * 0x10000;

/**
 * The names of the streams and storages directly in the root storage (e.g. "WordDocument", "1Table",
 * "\x05SummaryInformation"), or null when the file is not a well-formed compound file: a bad header,
 * a sector outside the file, or a chain or tree that loops.
 */
export function compoundFileRootNames(bytes: Uint8Array): string[] | null {
  if (bytes.length < 512 || !COMPOUND_FILE_SIGNATURE.every((v, i) => bytes[i] === v)) return null;
  const shift = u16(bytes, 0x1e);
  if (shift !== 9 && shift !== 12) return null; // 512-byte sectors (version 3) or 4,096 (version 4)
  const sectorSize = 1 << shift;
  const sectorCount = Math.ceil((bytes.length - 512) / sectorSize);
  // Sector n starts after the 512-byte header (padded to a whole sector in version 4); -1: not in the file.
  const sectorAt = (sector: number) => ((sector + 2) * sectorSize <= bytes.length ? (sector + 1) * sectorSize : -1);
  const perSector = sectorSize / 4;

  // Where the allocation table (FAT) is: the first 109 of its sectors are listed in the header, the rest
  // in a chain of DIFAT sectors (each ends with the number of the next).
  const fatSectors: number[] = [];
  const fatSectorCount = u32(bytes, 0x2c);
  if (fatSectorCount > sectorCount) return null;
  for (let i = 0; i < Math.min(fatSectorCount, HEADER_DIFAT_ENTRIES); i++) fatSectors.push(u32(bytes, 0x4c + 4 * i));
  let difat = u32(bytes, 0x44);
  for (let hops = 0; fatSectors.length < fatSectorCount; hops++) {
    const at = sectorAt(difat);
    if (at < 0 || hops > sectorCount) return null;
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatSectorCount; i++) fatSectors.push(u32(bytes, at + 4 * i));
    difat = u32(bytes, at + sectorSize - 4);
  }
  const next = (sector: number): number => {
    const at = sectorAt(fatSectors[Math.floor(sector / perSector)] ?? NO_STREAM);
    return at < 0 ? NO_STREAM : u32(bytes, at + 4 * (sector % perSector));
  };

  // The directory is a chain of sectors holding 128-byte entries; entry 0 is the root storage.
  const directory: number[] = [];
  for (let sector = u32(bytes, 0x30), hops = 0; sector !== END_OF_CHAIN; sector = next(sector), hops++) {
    const at = sectorAt(sector);
    if (at < 0 || hops > sectorCount) return null;
    for (let i = 0; i < sectorSize / ENTRY_LENGTH; i++) directory.push(at + i * ENTRY_LENGTH);
  }
  const root = directory[0];
  if (root === undefined || bytes[root + 0x42] !== ROOT) return null;

  // The root's children are a binary tree (left and right siblings) hanging from its child pointer.
  const names: string[] = [];
  const visited = new Set<number>();
  const pending = [u32(bytes, root + 0x4c)];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (id === NO_STREAM) continue;
    const at = directory[id];
    if (at === undefined || visited.has(id)) return null;
    visited.add(id);
    if (bytes[at + 0x42] !== STORAGE && bytes[at + 0x42] !== STREAM) return null;
    const nameBytes = u16(bytes, at + 0x40); // UTF-16LE with its terminating NUL, at most 64 bytes
    if (nameBytes < 2 || nameBytes > 64 || nameBytes % 2 !== 0) return null;
    names.push(String.fromCharCode(...Array.from({ length: nameBytes / 2 - 1 }, (_, i) => u16(bytes, at + 2 * i))));
    pending.push(u32(bytes, at + 0x44), u32(bytes, at + 0x48));
  }
  return names;
}
