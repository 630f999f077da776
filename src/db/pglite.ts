// Node-only: the embedded database. Never imported by the Worker bundle.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema/index.js';
import type { Db } from './types.js';

export interface PgliteHandle {
  db: Db;
  client: PGlite;
  close(): Promise<void>;
}

/** Opens (creating when missing) an embedded PostgreSQL in `dataDir`, or in memory when dataDir is undefined. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<PgliteHandle> {
  const client = await PGlite.create({ dataDir, loadDataDir, extensions: { pg_trgm } });
  await client.exec(`SET TIME ZONE 'UTC'`);
  return { db: drizzle(client, { schema }) as unknown as Db, client, close: () => client.close() };
}
