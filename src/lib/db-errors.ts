/** The constraint a failed statement broke, when the database error has the given SQLSTATE code. */
function violatedConstraint(err: unknown, code: string): string | null {
  // drizzle wraps the driver's error; the SQLSTATE is on the cause.
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { code?: string; constraint?: string; constraint_name?: string; message?: string };
    if (candidate.code === code) {
      return candidate.constraint ?? candidate.constraint_name ?? /constraint "([^"]+)"/.exec(candidate.message ?? '')?.[1] ?? '';
    }
  }
  return null;
}

/** The name of the unique constraint a failed insert/update broke, or null for any other error. */
export const uniqueViolation = (err: unknown): string | null => violatedConstraint(err, '23505');

/** The name of the foreign key a failed insert/update broke (a chosen record does not exist), or null. */
export const foreignKeyViolation = (err: unknown): string | null => violatedConstraint(err, '23503');

/** The form field a constraint concerns: drizzle names foreign keys <table>_<column>_<target>_fk. */
export function fieldOfConstraint(constraint: string, fields: string[]): string | undefined {
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
  return fields.find((f) => constraint.includes(`_${snake(f)}_`));
}

/**
 * Errors that say the database (or the disk) cannot serve right now, rather than that the request is
 * wrong: a statement or lock wait timed out, a transaction was left idle too long, the server refused
 * or dropped the connection, the disk is full. The app answers them with 503 (507 for a full disk),
 * keeps what the user typed, and the pool reconnects by itself.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
  '25P03', // idle_in_transaction_session_timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
const UNAVAILABLE_CODES = new Set([
  // postgres.js
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  // the socket
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const FULL_CODES = new Set(['53100' /* disk_full */, 'ENOSPC', 'EDQUOT']);

export type Outage = 'unavailable' | 'storageFull';

export function outageOf(err: unknown): Outage | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (FULL_CODES.has(code)) return 'storageFull';
    // A class-08 SQLSTATE is a connection exception.
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'unavailable';
  }
  return null;
}
