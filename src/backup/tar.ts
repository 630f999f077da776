// Node-only: a minimal streaming tar (POSIX ustar), gzip-compressed, for backup archives. Plain files
// only; names up to 255 bytes (prefix + name) and files up to 8 GB. Written here rather than taken from
// the system's `tar`, whose options differ between GNU, BSD and Windows, or from a dependency: the
// format is 512-byte headers and padded data, and the backup needs nothing else. `tar -tzf` lists it.
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

export interface TarEntry {
  name: string;
  size: number;
  mtime: Date;
  /** the bytes, from a file on disk or from memory */
  source: { path: string } | { bytes: Uint8Array };
}

function header(entry: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK);
  const name = Buffer.from(entry.name, 'utf8');
  let prefix = Buffer.alloc(0);
  let base = name;
  if (name.length > 100) {
    // Split at a slash: up to 155 bytes of directories in the prefix, the rest (≤ 100) as the name.
    const cut = entry.name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(entry.name.slice(0, cut)) > 155 || Buffer.byteLength(entry.name.slice(cut + 1)) > 100) throw new Error(`name too long for a tar archive: ${entry.name}`);
    prefix = Buffer.from(entry.name.slice(0, cut), 'utf8');
    base = Buffer.from(entry.name.slice(cut + 1), 'utf8');
  }
  if (entry.size > 0o77777777777) throw new Error(`file too large for a tar archive: ${entry.name}`);
  base.copy(h, 0);
  h.write('0000644\0', 100, 'ascii'); // mode
  h.write('0000000\0', 108, 'ascii'); // uid
  h.write('0000000\0', 116, 'ascii'); // gid
  h.write(entry.size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  h.write(Math.floor(entry.mtime.getTime() / 1000).toString(8).padStart(11, '0') + '\0', 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum placeholder: spaces while summing
  h.write('0', 156, 'ascii'); // a regular file
  h.write('ustar\0' + '00', 257, 'ascii');
  prefix.copy(h, 345);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

async function write(out: Writable, chunk: Uint8Array): Promise<void> {
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const drained = () => {
      out.off('error', failed);
      resolve();
    };
    const failed = (err: Error) => {
      out.off('drain', drained);
      reject(err);
    };
    out.once('drain', drained);
    out.once('error', failed);
  });
}

/** Writes the entries as a tar stream into `out` (a gzip stream in front of a file) and ends it. */
export async function writeTar(entries: AsyncIterable<TarEntry> | Iterable<TarEntry>, out: Writable): Promise<void> {
  for await (const entry of entries) {
    await write(out, header(entry));
    let written = 0;
    if ('bytes' in entry.source) {
      await write(out, entry.source.bytes);
      written = entry.source.bytes.length;
    } else {
      for await (const chunk of createReadStream(entry.source.path)) {
        await write(out, chunk as Buffer);
        written += (chunk as Buffer).length;
      }
    }
    if (written !== entry.size) throw new Error(`${entry.name} changed while it was archived (${entry.size} bytes expected, ${written} read)`);
    await write(out, padding(written));
  }
  await write(out, Buffer.alloc(2 * BLOCK)); // end of archive
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * Reads a gzip-compressed tar stream and hands each file to `onEntry` with a stream of its bytes, which
 * it must consume before the next entry is read.
 */
export async function readTar(input: Readable, onEntry: (name: string, size: number, data: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const chunks = input.pipe(createGunzip())[Symbol.asyncIterator]();
  let buffered: Buffer = Buffer.alloc(0);
  let ended = false;
  /** Exactly n bytes, or fewer at the end of the stream. */
  const take = async (n: number): Promise<Buffer> => {
    while (buffered.length < n && !ended) {
      const next = await chunks.next();
      if (next.done) ended = true;
      else buffered = buffered.length ? Buffer.concat([buffered, next.value as Buffer]) : (next.value as Buffer);
    }
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(out.length);
    return out;
  };
  for (;;) {
    const h = await take(BLOCK);
    if (h.length < BLOCK || h.every((b) => b === 0)) return;
    const field = (start: number, length: number) => h.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    let left = size;
    const data = (async function* () {
      while (left > 0) {
        const piece = await take(Math.min(left, 64 * 1024));
        if (piece.length === 0) throw new Error(`the archive ends inside ${name}`);
        left -= piece.length;
        yield piece;
      }
    })();
    if (type === '0' || type === '') await onEntry(name, size, data);
    // Skip what the handler did not read (and entries that are not plain files).
    while (left > 0) {
      const piece = await take(Math.min(left, 64 * 1024));
      if (piece.length === 0) throw new Error(`the archive ends inside ${name}`);
      left -= piece.length;
    }
    await take(padding(size).length);
  }
}
