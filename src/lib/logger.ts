export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** One JSON object per line: easy to grep by requestId, readable by any log collector. */
export function jsonLogger(level: LogLevel, write: (line: string) => void = (l) => console.log(l)): Logger {
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (rank[lvl] < rank[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/**
 * The fields that say what went wrong: the error's own first line (drizzle's "Failed query: …" without
 * its parameters, which may hold what a user typed) and the underlying driver error behind it, e.g.
 * `{ code: '57P03', message: 'the database system is not accepting connections' }`.
 */
export function describeError(err: unknown): LogFields {
  if (!(err instanceof Error)) return { error: String(err) };
  const fields: LogFields = { error: err.message.split('\n')[0]!.slice(0, 500) };
  const chain: Array<{ code?: unknown; message?: unknown }> = [];
  for (let e: unknown = (err as { cause?: unknown }).cause, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) chain.push(e as object);
  const cause = chain.find((e) => e.code !== undefined) ?? chain[0];
  if (cause) fields.cause = { code: cause.code, message: String(cause.message ?? cause).split('\n')[0]!.slice(0, 500) };
  else if ((err as { code?: unknown }).code !== undefined) fields.code = (err as { code?: unknown }).code;
  return fields;
}
