import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStorage } from '../../src/storage/local.js';
import { memoryStorage } from '../../src/storage/memory.js';
import { r2Storage } from '../../src/storage/r2.js';
import { InvalidStorageKeyError, assertValidKey, photoKey, type FileStorage } from '../../src/storage/types.js';
import { testClock } from '../support/clock.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const BAD_KEYS = ['', '/etc/passwd', '../x', 'photos/../../x', 'a/./b', 'a/..', '..', 'a//b', 'a/b/', 'a\\b', 'a b', 'a.type', '%2e%2e/x', 'é', 'a\0b', 'x'.repeat(513)];

describe('photoKey', () => {
  it('fans out by the first two characters of the id', () => {
    expect(photoKey('abcdef123')).toBe('photos/ab/abcdef123/original');
    expect(photoKey('Xy_-9', 'thumb')).toBe('photos/Xy/Xy_-9/thumb');
  });

  it.each(['', 'a', '../etc', 'ab/cd', 'ab.cd', '..', 'a b', '/abc'])('throws on id %j', (id) => {
    expect(() => photoKey(id)).toThrow(InvalidStorageKeyError);
  });

  it.each(['', '..', 'a/b', 'x.y'])('throws on variant %j', (variant) => {
    expect(() => photoKey('abcdef', variant)).toThrow(InvalidStorageKeyError);
  });

  it('assertValidKey rejects traversal and odd characters', () => {
    for (const key of BAD_KEYS) expect(() => assertValidKey(key), key).toThrow(InvalidStorageKeyError);
    expect(() => assertValidKey('photos/ab/abc/original')).not.toThrow();
  });
});

/** The behaviour every backend shares. */
async function contract(s: FileStorage) {
  const key = photoKey('abcdef');
  expect(await s.get(key)).toBeNull();
  await s.put(key, bytes(1, 2, 3), 'image/png');
  expect(await s.get(key)).toEqual({ bytes: bytes(1, 2, 3), contentType: 'image/png' });
  await s.put(key, bytes(9), 'image/jpeg'); // overwrite
  expect(await s.get(key)).toEqual({ bytes: bytes(9), contentType: 'image/jpeg' });
  await s.delete(key);
  expect(await s.get(key)).toBeNull();
  await s.delete(key); // deleting a missing key is fine
  for (const bad of BAD_KEYS) {
    await expect(s.put(bad, bytes(1), 'text/plain'), bad).rejects.toThrow(InvalidStorageKeyError);
    await expect(s.get(bad), bad).rejects.toThrow(InvalidStorageKeyError);
    await expect(s.delete(bad), bad).rejects.toThrow(InvalidStorageKeyError);
  }
}

describe('localStorage', () => {
  let base: string;
  let root: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'cs-storage-'));
    root = join(base, 'root');
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('round-trips, overwrites, deletes, and refuses bad keys', async () => {
    await contract(localStorage(root));
  });

  it('writes the file and a .type sidecar under the root, leaving no temp files', async () => {
    const s = localStorage(root);
    await s.put(photoKey('abcdef'), bytes(7, 8), 'image/webp');
    const dir = join(root, 'photos/ab/abcdef');
    expect((await readdir(dir)).sort()).toEqual(['original', 'original.type']);
    expect(await readFile(join(dir, 'original'))).toEqual(Buffer.from([7, 8]));
    expect(await readFile(join(dir, 'original.type'), 'utf8')).toBe('image/webp');
    const got = await s.get(photoKey('abcdef'));
    expect(got?.bytes.constructor).toBe(Uint8Array); // not a Buffer, like the other backends
  });

  it('never touches anything outside the root', async () => {
    await writeFile(join(base, 'secret'), 'top secret');
    const s = localStorage(root);
    await expect(s.get('../secret')).rejects.toThrow(InvalidStorageKeyError);
    await expect(s.put('../secret', bytes(0), 'text/plain')).rejects.toThrow(InvalidStorageKeyError);
    await expect(s.delete('../secret')).rejects.toThrow(InvalidStorageKeyError);
    expect(await readFile(join(base, 'secret'), 'utf8')).toBe('top secret');
    expect(await readdir(base)).toEqual(['secret']); // root itself was never even created
  });

  it('treats a key naming a directory of other keys as missing', async () => {
    const s = localStorage(root);
    await s.put(photoKey('abcdef'), bytes(1), 'image/png');
    expect(await s.get('photos/ab')).toBeNull();
    await s.delete('photos/ab');
    expect(await s.get(photoKey('abcdef'))).not.toBeNull();
  });

  it('reads a file without a sidecar as application/octet-stream', async () => {
    const s = localStorage(root);
    await s.put('misc/file', bytes(5), 'text/plain');
    await rm(join(root, 'misc/file.type'));
    expect(await s.get('misc/file')).toEqual({ bytes: bytes(5), contentType: 'application/octet-stream' });
  });
});

describe('memoryStorage', () => {
  it('round-trips, overwrites, deletes, and refuses bad keys', async () => {
    await contract(memoryStorage(testClock().now));
  });

  it('lists keys and copies bytes in and out', async () => {
    const s = memoryStorage(testClock().now);
    const input = bytes(1, 2);
    await s.put('b/key', input, 'image/png');
    await s.put('a/key', bytes(3), 'image/png');
    input[0] = 99;
    const got = await s.get('b/key');
    got!.bytes[1] = 99;
    expect(await s.get('b/key')).toEqual({ bytes: bytes(1, 2), contentType: 'image/png' });
    expect(s.keys()).toEqual(['a/key', 'b/key']);
  });
});

describe('r2Storage', () => {
  /** Just enough of the R2Bucket binding API to check what r2Storage calls. */
  function fakeBucket() {
    const objects = new Map<string, { data: Uint8Array; contentType?: string }>();
    const bucket = {
      async put(key: string, value: Uint8Array, opts?: { httpMetadata?: { contentType?: string } }) {
        objects.set(key, { data: value.slice(), contentType: opts?.httpMetadata?.contentType });
        return {};
      },
      async get(key: string) {
        const o = objects.get(key);
        if (!o) return null;
        return { httpMetadata: { contentType: o.contentType }, arrayBuffer: async () => o.data.slice().buffer };
      },
      async delete(key: string) {
        objects.delete(key);
      },
    };
    return { bucket: bucket as unknown as R2Bucket, objects };
  }

  it('round-trips through the binding, content type in httpMetadata', async () => {
    const { bucket, objects } = fakeBucket();
    await contract(r2Storage(bucket));
    await r2Storage(bucket).put('k/1', bytes(4), 'image/jpeg');
    expect(objects.get('k/1')?.contentType).toBe('image/jpeg');
  });
});

describe('listing and debris (what the clean-up job needs)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cs-storage-debris-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const listed = async (s: FileStorage, prefix: string) => {
    const keys: string[] = [];
    for await (const f of s.list(prefix)) keys.push(f.key);
    return keys.sort();
  };

  it('local: lists the data files under a prefix, never temp files or sidecars', async () => {
    const s = localStorage(root);
    await s.put(photoKey('abcdef'), bytes(1), 'image/png');
    await s.put(photoKey('abzzzz'), bytes(2), 'image/png');
    await s.put('attachments/xyz', bytes(3), 'text/plain');
    await writeFile(join(root, 'photos/ab/abcdef/original.1234.tmp'), 'half');
    expect(await listed(s, 'photos/')).toEqual([photoKey('abcdef'), photoKey('abzzzz')]);
    expect(await listed(s, 'attachments/')).toEqual(['attachments/xyz']);
    expect(await listed(s, 'nothing/')).toEqual([]);
  });

  it('local: removes old temp files and sidecars without data, keeps fresh ones and whole files', async () => {
    const s = localStorage(root);
    await s.put('attachments/whole', bytes(1), 'text/plain');
    await writeFile(join(root, 'attachments/whole.abc.tmp'), 'half');
    await writeFile(join(root, 'attachments/lost.type'), 'image/png'); // a crash between sidecar and data
    // File times come from the file system: compare with the files' own, not with any clock.
    const later = new Date((await stat(join(root, 'attachments/lost.type'))).mtimeMs + 60_000);
    expect(await s.removeDebris(new Date(0))).toBe(0); // nothing is that old
    expect(await s.removeDebris(later)).toBe(2);
    expect((await readdir(join(root, 'attachments'))).sort()).toEqual(['whole', 'whole.type']);
  });

  it('local: check passes on a writable directory and fails where files cannot be written', async () => {
    await localStorage(join(root, 'uploads')).check();
    await writeFile(join(root, 'a-file'), '');
    await expect(localStorage(join(root, 'a-file')).check()).rejects.toThrow();
  });

  it('r2: lists every page of a prefix', async () => {
    const objects = new Map<string, { data: Uint8Array }>();
    for (const k of ['photos/a', 'photos/b', 'photos/c', 'attachments/d']) objects.set(k, { data: bytes(1) });
    // Pages of two, so the cursor is followed.
    const list = async (o: { prefix: string; cursor?: string }) => {
      const keys = [...objects.keys()].filter((k) => k.startsWith(o.prefix)).sort();
      const start = Number(o.cursor ?? 0);
      const truncated = start + 2 < keys.length;
      return { objects: keys.slice(start, start + 2).map((key) => ({ key, uploaded: new Date(0) })), truncated, cursor: truncated ? String(start + 2) : undefined };
    };
    const bucket = { list } as unknown as R2Bucket;
    expect(await listed(r2Storage(bucket), 'photos/')).toEqual(['photos/a', 'photos/b', 'photos/c']);
  });
});
