import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar, writeTar, type TarEntry } from '../../src/backup/tar.js';

const dir = mkdtempSync(join(tmpdir(), 'cs-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = new Date('2026-11-30T00:00:00Z');

async function archive(entries: TarEntry[]): Promise<string> {
  const file = join(dir, `t${Math.random().toString(36).slice(2)}.tar.gz`);
  const gzip = createGzip();
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve) => out.on('close', () => resolve()));
  gzip.pipe(out);
  await writeTar(entries, gzip);
  await done;
  return file;
}

async function contents(file: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  await readTar(createReadStream(file), async (name, _size, data) => {
    const chunks: Buffer[] = [];
    for await (const c of data) chunks.push(c);
    found[name] = Buffer.concat(chunks).toString('utf8');
  });
  return found;
}

describe('the backup archive format (tar.gz)', () => {
  it('round-trips files from memory and disk, empty ones, sizes across block boundaries, long and Chinese names', async () => {
    const onDisk = join(dir, 'big');
    const big = 'x'.repeat(512 * 3 + 17);
    writeFileSync(onDisk, big);
    const longName = `uploads/photos/ab/${'a'.repeat(32)}/${'很长的文件名'.repeat(2)}-${'b'.repeat(40)}`;
    const file = await archive([
      { name: 'manifest.json', size: 2, mtime: at, source: { bytes: Buffer.from('{}') } },
      { name: 'empty', size: 0, mtime: at, source: { bytes: new Uint8Array() } },
      { name: 'uploads/big', size: big.length, mtime: at, source: { path: onDisk } },
      { name: longName, size: 3, mtime: at, source: { bytes: Buffer.from('abc') } },
    ]);
    expect(await contents(file)).toEqual({ 'manifest.json': '{}', empty: '', 'uploads/big': big, [longName]: 'abc' });
    // Standard tools read it too.
    const listed = execFileSync('tar', ['-tzf', file]).toString().trim().split('\n');
    expect(listed).toEqual(['manifest.json', 'empty', 'uploads/big', longName]);
  });

  it('notices a file that changed size while it was archived, and an archive cut short', async () => {
    const onDisk = join(dir, 'changing');
    writeFileSync(onDisk, 'now longer than announced');
    await expect(archive([{ name: 'changing', size: 3, mtime: at, source: { path: onDisk } }])).rejects.toThrow(/changed while it was archived/);
    const whole = await archive([{ name: 'a', size: 5000, mtime: at, source: { bytes: Buffer.alloc(5000, 1) } }]);
    const cut = join(dir, 'cut.tar.gz');
    execFileSync('sh', ['-c', `gzip -dc ${whole} | head -c 2048 | gzip > ${cut}`]);
    await expect(contents(cut)).rejects.toThrow(/ends inside a/);
  });
});
