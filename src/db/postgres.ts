import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import type { Db } from './types.js';

export interface PostgresHandle {
  db: Db;
  close(): Promise<void>;
}

/** A drizzle client over postgres.js: a pool on Node, a per-request client on Workers (Hyperdrive). */
export function openPostgres(url: string, options: { max?: number; forWorker?: boolean } = {}): PostgresHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    // Hyperdrive recommends skipping the type round trip; we use no custom array types.
    fetch_types: !options.forWorker,
    onnotice: () => {},
    connection: { application_name: 'campus-safety', TimeZone: 'UTC' },
  });
  return { db: drizzle(client, { schema }) as unknown as Db, close: () => client.end({ timeout: 5 }) };
}
