import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/** One database type for both drivers (PGlite and postgres.js). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Data functions take this first, so a use case can run them inside its transaction. */
export type Executor = Db | Tx;
