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

/**
 * Logs an error once per `windowMs` per kind (its underlying cause, or its message): during an outage
 * every request fails the same way, and 195 identical lines hide the one that says why. The first of a
 * kind is logged at once; the repeats within the window are counted and reported in one line when the
 * window ends ("repeated": n). `now` is a monotonic milliseconds clock (performance.now by default).
 */
export function repeatLimited(logger: Logger, windowMs = 10_000, now: () => number = () => performance.now()) {
  type Window = { until: number; repeats: number; last: LogFields };
  const windows = new Map<string, Window>();
  const flush = (kind: string, msg: string, w: Window) => {
    if (windows.get(kind) !== w) return;
    windows.delete(kind);
    if (w.repeats > 0) logger.error(msg, { ...w.last, repeated: w.repeats, windowMs });
  };
  return {
    error(msg: string, fields: LogFields): void {
      const cause = fields.cause as { code?: unknown; message?: unknown } | undefined;
      const kind = `${msg}|${cause ? `${String(cause.code)}|${String(cause.message)}` : String(fields.error)}`;
      const w = windows.get(kind);
      if (w && now() < w.until) {
        w.repeats++;
        w.last = fields;
        return;
      }
      if (w) flush(kind, msg, w);
      logger.error(msg, fields);
      const fresh: Window = { until: now() + windowMs, repeats: 0, last: fields };
      windows.set(kind, fresh);
      // Report the repeats when the window ends, even if the errors have stopped by then.
      setTimeout(() => flush(kind, msg, fresh), windowMs).unref?.();
    },
  };
}
