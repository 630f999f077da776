// Node-only: `npm run backup` and `npm run restore`. One archive (.tar.gz) holds a manifest, the
// database (pg_dump's custom format for a PostgreSQL server; PGlite's own dump for the embedded one)
// and the uploaded files. The database is dumped first and the files are read after it, so every file
// a row of the dump names is in the archive (a file is written before its row). See docs/decisions/0023.
import { execFile } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, openAsBlob, openSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { lockDataDir, LOCK_FILE, ownerIsAlive } from '../db/data-dir-lock.js';
import { openPglite } from '../db/pglite.js';
import { rowsOf } from '../db/rows.js';
import type { Db } from '../db/types.js';
import { requestDump } from './embedded-dump.js';
import { readTar, writeTar, type TarEntry } from './tar.js';

const run = promisify(execFile);
export const FORMAT = 'campus-safety-backup';
const MANIFEST = 'manifest.json';
const SERVER_DUMP = 'database.pgdump';
const EMBEDDED_DUMP = 'pgdata.tar.gz';
const UPLOADS = 'uploads/';

/** What a backup holds, counted when it was made and checked again after a restore. */
export const COUNTED_TABLES = ['users', 'hazards', 'events', 'hazard_photos', 'attachments', 'meetings', 'resolutions'] as const;
export type Counts = Record<(typeof COUNTED_TABLES)[number], number>;

export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  database: { kind: 'server' | 'embedded'; file: string; bytes: number };
  counts: Counts;
  files: { count: number; bytes: number };
}

export interface Target {
  /** a PostgreSQL server database, or (when absent) the embedded database in dataDir/pgdata */
  databaseUrl?: string;
  dataDir: string;
  uploadsDir: string;
}

async function countRows(db: Db): Promise<Counts> {
  const counts = {} as Counts;
  for (const table of COUNTED_TABLES) counts[table] = Number(rowsOf<{ n: number }>(await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n);
  return counts;
}

async function countServer(url: string): Promise<Counts> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await countWith((q) => client.unsafe(q));
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function countWith(query: (q: string) => Promise<ArrayLike<{ n?: unknown }>>): Promise<Counts> {
  const counts = {} as Counts;
  for (const table of COUNTED_TABLES) counts[table] = Number((await query(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
  return counts;
}

/**
 * pg_dump of the server database and its row counts, both from one snapshot: the counts are exactly
 * what the dump holds, so a restore can be checked against them.
 */
async function dumpServer(url: string, path: string): Promise<Counts> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await client.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
      const [{ snapshot }] = await tx<[{ snapshot: string }]>`SELECT pg_export_snapshot() AS snapshot`;
      const counts = await countWith((q) => tx.unsafe(q));
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${path}`, `--dbname=${url}`]);
      return counts;
    });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Counts the rows of an embedded dump by opening it in memory (which also proves it opens). */
async function countEmbeddedDump(file: string): Promise<Counts> {
  const handle = await openPglite(undefined, await openAsBlob(file));
  try {
    return await countRows(handle.db);
  } finally {
    await handle.close();
  }
}

/** The embedded database's dump: from the running server, or opened here when no server holds it. */
async function dumpEmbedded(dataDir: string): Promise<Uint8Array> {
  const lockFile = join(dataDir, LOCK_FILE);
  const owner = existsSync(lockFile) ? (JSON.parse(await readFile(lockFile, 'utf8').catch(() => '{}')) as { pid?: number; host?: string }) : null;
  if (owner?.pid && owner.host && ownerIsAlive({ pid: owner.pid, host: owner.host, ...owner })) return requestDump(dataDir);
  const lock = lockDataDir(dataDir);
  try {
    const handle = await openPglite(join(dataDir, 'pgdata'));
    try {
      await handle.client.exec('CHECKPOINT');
      return new Uint8Array(await (await handle.client.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await handle.close();
    }
  } finally {
    lock.release();
  }
}

/** The files under root (temp files of writes in progress left out), with their path relative to root. */
async function* filesUnder(root: string, dir = root): AsyncGenerator<{ path: string; rel: string }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(root, path);
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) yield { path, rel: relative(root, path).split(sep).join('/') };
  }
}

/** One line saying what a backup holds. */
export function describeBackup(m: Manifest): string {
  const c = m.counts;
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${m.database.kind === 'server' ? 'PostgreSQL' : 'embedded'} database of ${m.createdAt} (${c.hazards} hazards, ${c.events} history events, ${c.hazard_photos} photos, ${c.attachments} attachments, ${c.users} users, ${c.meetings} meetings; ${mb(m.database.bytes)}), ${m.files.count} files (${mb(m.files.bytes)})`;
}

/** Writes one backup archive of `source` to `out`; returns its manifest. */
export async function createBackup(source: Target, out: string, now: Date): Promise<Manifest> {
  const staging = await mkdtemp(join(dirname(resolve(out)), '.backup-'));
  try {
    let database: { file: string; path: string; counts: Counts };
    if (source.databaseUrl) {
      const path = join(staging, SERVER_DUMP);
      database = { file: SERVER_DUMP, path, counts: await dumpServer(source.databaseUrl, path) };
    } else {
      const path = join(staging, EMBEDDED_DUMP);
      await writeFile(path, await dumpEmbedded(source.dataDir));
      database = { file: EMBEDDED_DUMP, path, counts: await countEmbeddedDump(path) };
    }
    // Files after the database: everything the dump names was stored before its row.
    const files: TarEntry[] = [];
    let bytes = 0;
    for await (const f of filesUnder(source.uploadsDir)) {
      const info = await stat(f.path).catch(() => null);
      if (!info) continue; // deleted meanwhile (the clean-up job)
      files.push({ name: UPLOADS + f.rel, size: info.size, mtime: info.mtime, source: { path: f.path } });
      bytes += info.size;
    }
    const dumpInfo = await stat(database.path);
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      createdAt: now.toISOString(),
      database: { kind: source.databaseUrl ? 'server' : 'embedded', file: database.file, bytes: dumpInfo.size },
      counts: database.counts,
      files: { count: files.length, bytes },
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    const partial = `${out}.partial`;
    const gzip = createGzip();
    const file = createWriteStream(partial);
    const done = new Promise<void>((res, rej) => {
      file.on('close', res);
      file.on('error', rej);
      gzip.on('error', rej);
    });
    gzip.pipe(file);
    await writeTar(
      [
        { name: MANIFEST, size: manifestBytes.length, mtime: now, source: { bytes: manifestBytes } },
        { name: database.file, size: dumpInfo.size, mtime: now, source: { path: database.path } },
        ...files,
      ],
      gzip,
    );
    await done;
    syncFile(partial);
    await rename(partial, out);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const isEmptyDir = (dir: string) => !existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0);

/** Refuses to restore over anything: the database and the uploads directory must be empty. */
async function assertEmpty(target: Target): Promise<void> {
  if (!isEmptyDir(target.uploadsDir)) throw new Error(`${target.uploadsDir} is not empty: restore into an empty uploads directory (a new DATA_DIR).`);
  if (target.databaseUrl) {
    const client = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await client`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`;
      if (row!.n > 0) throw new Error('The database is not empty: restore into a new, empty database (createdb).');
    } finally {
      await client.end({ timeout: 5 });
    }
  } else if (!isEmptyDir(join(target.dataDir, 'pgdata'))) {
    throw new Error(`${join(target.dataDir, 'pgdata')} already holds a database: restore into a new, empty DATA_DIR.`);
  }
}

/** The file of an archive entry under `root`, refusing names that would leave it. */
function inside(root: string, rel: string): string {
  const path = resolve(root, rel);
  if (!path.startsWith(resolve(root) + sep) || rel.split('/').some((s) => s === '..' || s === '')) throw new Error(`refusing an archive entry outside its directory: ${rel}`);
  return path;
}

/** Restores an archive into an empty target; returns its manifest and the counts found after restoring. */
export async function restoreBackup(archive: string, target: Target): Promise<{ manifest: Manifest; counts: Counts }> {
  await assertEmpty(target);
  // Holding DATA_DIR's lock keeps a server from starting on it halfway through.
  await mkdir(target.dataDir, { recursive: true });
  const lock = target.databaseUrl ? null : lockDataDir(target.dataDir);
  const staging = await mkdtemp(join(resolve(target.dataDir), '.restore-'));
  try {
    let manifest: Manifest | null = null;
    let dumpPath: string | null = null;
    await readTar(createReadStream(archive), async (name, _size, data) => {
      if (name === MANIFEST) {
        const chunks: Buffer[] = [];
        for await (const c of data) chunks.push(c);
        manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
        if (manifest.format !== FORMAT || manifest.version !== 1) throw new Error(`${archive} is not a backup of this system (format ${manifest.format} ${manifest.version}).`);
        const want = target.databaseUrl ? 'server' : 'embedded';
        if (manifest.database.kind !== want) {
          throw new Error(
            manifest.database.kind === 'server'
              ? 'This archive holds a PostgreSQL server database: restore it with DATABASE_URL set to a new, empty database.'
              : 'This archive holds an embedded database: restore it with DATABASE_URL unset, into a new DATA_DIR.',
          );
        }
        return;
      }
      if (!manifest) throw new Error(`${archive} does not start with a manifest: not a backup of this system.`);
      const path = name.startsWith(UPLOADS) ? inside(target.uploadsDir, name.slice(UPLOADS.length)) : name === SERVER_DUMP || name === EMBEDDED_DUMP ? join(staging, name) : null;
      if (!path) return;
      await mkdir(dirname(path), { recursive: true });
      const file = createWriteStream(path);
      for await (const chunk of data) if (!file.write(chunk)) await new Promise<void>((r) => file.once('drain', () => r()));
      await new Promise<void>((res, rej) => file.end((err?: Error | null) => (err ? rej(err) : res())));
      syncFile(path);
      if (path.startsWith(staging)) dumpPath = path;
    });
    const found = manifest as Manifest | null;
    if (!found || !dumpPath) throw new Error(`${archive} holds no database dump.`);
    let counts: Counts;
    if (target.databaseUrl) {
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${target.databaseUrl}`, dumpPath]);
      counts = await countServer(target.databaseUrl);
    } else {
      const dir = join(target.dataDir, 'pgdata');
      const handle = await openPglite(dir, await openAsBlob(dumpPath));
      try {
        // The loaded files were written without fsync; a checkpoint and a sync of every file make them durable.
        counts = await countRows(handle.db);
        await handle.client.exec('CHECKPOINT');
      } finally {
        await handle.close();
      }
      for await (const f of filesUnder(dir)) syncFile(f.path);
    }
    return { manifest: found, counts };
  } finally {
    await rm(staging, { recursive: true, force: true });
    lock?.release();
  }
}
