import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { DatabaseTimeouts } from '../config.js';
import type { frozenPathGuard } from './answer-watchdog.js';
import * as schema from './schema/index.js';
import type { Db } from './types.js';

export interface PostgresHandle {
  db: Db;
  close(): Promise<void>;
}

type Client = postgres.Sql;

/**
 * drizzle asks postgres.js for an unnamed statement unless a query is built with `.prepare(name)`, and
 * postgres.js sends an unnamed statement that has parameters in two round trips (parse and describe,
 * wait, then bind and execute) and PostgreSQL parses and plans it every time. Named statements are
 * described once per connection and then cost one round trip: under load that is about a third more
 * pages per second from the same CPU (see the README's benchmark). postgres.js keeps them per
 * connection, keyed by the SQL text; drizzle puts every value in a parameter, so the texts are the
 * app's query shapes, and connections are recycled (postgres.js `max_lifetime`), which clears them.
 * On Workers, Cloudflare asks for postgres.js's default `prepare: true` too: Hyperdrive needs it to
 * cache queries.
 */
function preparingEveryQuery(client: Client): Client {
  const unsafe = client.unsafe.bind(client);
  const prepared: Client['unsafe'] = (query, parameters, options) => unsafe(query, parameters, { ...options, prepare: true });
  return Object.assign(client, { unsafe: prepared });
}

/**
 * The session settings that bound how long anything can wait on the server: a statement, a lock, an
 * open transaction nobody uses. Sent in the startup message, so every connection of the pool has them
 * (a reconnected one too) at no extra round trip. Hitting one is an error the app answers with 503.
 */
function timeoutSettings(timeouts: DatabaseTimeouts | undefined): Record<string, number> {
  if (!timeouts) return {};
  return { statement_timeout: timeouts.statementMs, lock_timeout: timeouts.lockMs, idle_in_transaction_session_timeout: timeouts.idleInTransactionMs };
}

/** 0.1 s after a failed attempt, doubling up to 0.5 s: a pool recovers within half a second of the database coming back. */
export const reconnectDelay = (failedAttempts: number): number => Math.min(0.5, 0.05 * 2 ** failedAttempts);

/**
 * How long a connection may owe an answer before it is given up (src/db/answer-watchdog.ts): the
 * server ends any statement at `statement_timeout`, so anything much later means the path is gone.
 */
export const answerLimitMs = (timeouts: DatabaseTimeouts): number => timeouts.statementMs + 3000;

/** A drizzle client over postgres.js: a pool on Node, a per-request client on Workers (Hyperdrive). */
export function openPostgres(
  url: string,
  options: {
    max?: number;
    forWorker?: boolean;
    preparedStatements?: boolean;
    timeouts?: DatabaseTimeouts;
    /** Node only (src/db/node.ts passes it): sockets that give up on a frozen path. Passed in, not imported, so the Worker bundle carries no node:net. */
    guardSockets?: typeof frozenPathGuard;
  } = {},
): PostgresHandle {
  const prepare = options.preparedStatements ?? true;
  const client = postgres(url, {
    max: options.max ?? 10,
    // Hyperdrive recommends skipping the type round trip; we use no custom array types.
    fetch_types: !options.forWorker,
    onnotice: () => {},
    // In seconds; postgres.js's default is 30.
    ...(options.timeouts ? { connect_timeout: options.timeouts.connectMs / 1000 } : {}),
    // Seconds before a closed connection connects again. postgres.js's default grows with every failed
    // attempt across the pool (3^n / 100, up to 20 s) and resets only on a successful connect, so a
    // 10 s outage left requests waiting many seconds after the database was back. Attempts are made
    // only when a query needs a connection, so a short, capped delay does not hammer a server that is down.
    backoff: reconnectDelay,
    connection: { application_name: 'campus-safety', TimeZone: 'UTC', ...timeoutSettings(options.timeouts) },
    // On Node with limits: sockets that give up on a frozen network path (not on Workers, whose sockets
    // Hyperdrive owns, nor for the migrator, which has no limits).
    ...(options.timeouts && options.guardSockets && !options.forWorker ? { socket: options.guardSockets(answerLimitMs(options.timeouts)) } : {}),
    // false overrides every query's own choice, drizzle's `.prepare()` included.
    prepare,
  });
  const db = drizzle(prepare ? preparingEveryQuery(client) : client, { schema }) as unknown as Db;
  return { db, close: () => client.end({ timeout: 5 }) };
}
