// Prepares one migrated database that every test file copies: a PGlite dump (default) or a template
// database on the PostgreSQL server named by TEST_DATABASE_URL. Test runs only touch databases they create.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateEmbedded, migrateServer } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import { seedDefaults } from '../../seeds/defaults.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'pglite'; dumpPath: string } | { kind: 'postgres'; serverUrl: string; template: string; runId: string };
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `cs_test_${runId}_tpl`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${template}"`);
    await migrateServer(databaseUrl(serverUrl, template));
    const handle = openPostgres(databaseUrl(serverUrl, template), { max: 1 });
    await seedDefaults(handle.db);
    await handle.close();
    project.provide('testDb', { kind: 'postgres', serverUrl, template, runId });
    return async () => {
      // Drop what this run created (files drop their own; this catches a crashed file's leftovers).
      const leftovers = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${`cs_test_${runId}_%`}`;
      for (const { datname } of leftovers) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
    };
  }
  const cacheDir = join(process.cwd(), 'tests/.cache');
  mkdirSync(cacheDir, { recursive: true });
  const dumpPath = join(cacheDir, `base-${runId}.tar.gz`);
  const handle = await openPglite();
  await migrateEmbedded(handle);
  await seedDefaults(handle.db);
  const dump = await handle.client.dumpDataDir('gzip');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('testDb', { kind: 'pglite', dumpPath });
  return () => rmSync(dumpPath, { force: true });
}
