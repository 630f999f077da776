// FileStorage in a local directory (Node only: imports node:fs). Each key is a file under rootDir;
// its content type is kept in a sidecar file `<file>.type` next to it. A sidecar rather than
// sniffing keeps storage independent of what is stored, and cannot collide with a real key because
// keys never contain '.' (types.ts).
//
// Writes go to a temp file in the same directory and are renamed into place, so a reader never sees
// a half-written file. The sidecar is written first: a crash in between leaves an orphan .type file
// (harmless) rather than data without a type. A data file without a sidecar reads as octet-stream.
// The temp file is flushed to disk before the rename, so after a power cut a file is whole or absent.
// A crash can still leave a .tmp file or a sidecar without data: removeDebris() deletes them.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { assertValidKey, InvalidStorageKeyError, type FileStorage } from './types.js';

const FALLBACK_TYPE = 'application/octet-stream';
/** Below this much free space the directory counts as full for /readyz (one photo is up to 10 MB). */
const READY_MIN_FREE_BYTES = 16 * 1024 * 1024;

export function localStorage(rootDir: string): FileStorage {
  const root = resolve(rootDir);

  /** The file of a key. Key validation already rules out '..'; the prefix check is a second lock. */
  function pathOf(key: string): string {
    assertValidKey(key);
    const file = resolve(root, key);
    if (!file.startsWith(root + sep)) throw new InvalidStorageKeyError(key);
    return file;
  }

  async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  return {
    async put(key, bytes, contentType) {
      const file = pathOf(key);
      await mkdir(dirname(file), { recursive: true });
      await writeAtomic(`${file}.type`, contentType);
      await writeAtomic(file, bytes);
    },
    async get(key) {
      const file = pathOf(key);
      let data: Buffer;
      try {
        data = await readFile(file);
      } catch (e) {
        // Missing file, or the key names a "directory" of other keys: nothing stored under it.
        if (isFsError(e, 'ENOENT', 'ENOTDIR', 'EISDIR')) return null;
        throw e;
      }
      let contentType = FALLBACK_TYPE;
      try {
        contentType = (await readFile(`${file}.type`, 'utf8')).trim() || FALLBACK_TYPE;
      } catch (e) {
        if (!isFsError(e, 'ENOENT')) throw e;
      }
      // A plain Uint8Array view, so callers see the same type as from the other backends.
      return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), contentType };
    },
    async *list(prefix) {
      for await (const file of walk(join(root, prefix))) {
        if (file.endsWith('.tmp') || file.endsWith('.type')) continue;
        const info = await stat(file).catch(() => null);
        if (info?.isFile()) yield { key: relative(root, file).split(sep).join('/'), modifiedAt: info.mtime };
      }
    },
    async removeDebris(olderThan) {
      // Temp files of writes that never finished, and sidecars whose data file never arrived. Only old
      // ones: a write in progress has both for a moment.
      let removed = 0;
      for await (const file of walk(root)) {
        const debris = file.endsWith('.tmp') || (file.endsWith('.type') && !(await stat(file.slice(0, -'.type'.length)).catch(() => null)));
        if (!debris) continue;
        const info = await stat(file).catch(() => null);
        if (info && info.mtime < olderThan) {
          await rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
    async check() {
      await mkdir(root, { recursive: true });
      const probe = join(root, `.ready-${randomUUID()}.tmp`);
      await writeFile(probe, '');
      await rm(probe, { force: true });
      const fs = await statfs(root);
      if (fs.bavail * fs.bsize < READY_MIN_FREE_BYTES) throw Object.assign(new Error(`less than 16 MB free in ${root}`), { code: 'ENOSPC' });
    },
    async delete(key) {
      const file = pathOf(key);
      // Data first: once it is gone the key reads as missing, whatever happens to the sidecar.
      // Empty fan-out directories are left behind; they cost nothing and avoid racing a concurrent put.
      await removeFile(file);
      await removeFile(`${file}.type`);
    },
  };
}

/** Every file under dir, depth first; a missing directory has none. */
async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (isFsError(e, 'ENOENT', 'ENOTDIR')) return;
    throw e;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** rm without recursion: a key that names a directory of other keys is simply not there. */
async function removeFile(file: string): Promise<void> {
  try {
    await rm(file, { force: true });
  } catch (e) {
    if (!isFsError(e, 'ERR_FS_EISDIR', 'EISDIR', 'ENOTDIR')) throw e;
  }
}

function isFsError(e: unknown, ...codes: string[]): boolean {
  return e instanceof Error && codes.includes((e as NodeJS.ErrnoException).code ?? '');
}
