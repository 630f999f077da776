import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { describeError, type Logger } from './logger.js';

const pastDeadline = new WeakSet<object>();

/** Whether this request was already answered by its deadline (its handler is still running, late). */
export const isPastDeadline = (c: Context<AppEnv>): boolean => pastDeadline.has(c);

export interface DeadlineOptions {
  ms: number;
  /** Bytes received on the request's connection so far (Node: the socket's bytesRead), to tell a slow upload from a stall. */
  bytesReceived?: (c: Context<AppEnv>) => number | undefined;
  /** The answer when the deadline passes (the outage page with the form kept). */
  answer: (c: Context<AppEnv>) => Promise<Response>;
  logger: Logger;
}

/**
 * Every request is answered within `ms` of the last byte it sent: a database that stops answering
 * (a frozen network path, src/db/answer-watchdog.ts bounds each round trip, this bounds the whole
 * request) gives a 503 instead of a hang. The clock restarts while the body is still arriving, so a
 * slow upload is not cut. A streamed response (the CSV export) returns its Response at once and is
 * not affected. The handler that missed its deadline runs on; its result is dropped and logged once.
 */
export function requestDeadline(options: DeadlineOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const work = next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let received = options.bytesReceived?.(c);
    const deadline = new Promise<'late'>((resolve) => {
      const check = () => {
        const now = options.bytesReceived?.(c);
        if (now !== undefined && received !== undefined && now > received) {
          received = now;
          timer = setTimeout(check, options.ms);
        } else resolve('late');
      };
      timer = setTimeout(check, options.ms);
    });
    const first = await Promise.race([work.then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (first === 'done') return;
    pastDeadline.add(c);
    const request = { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, deadlineMs: options.ms };
    options.logger.warn('request answered 503 at its deadline', request);
    // The late handler's own failure is logged by the error handler (isPastDeadline); a success here.
    work.then(
      () => c.error === undefined && options.logger.warn('request finished after its deadline; its answer was dropped', { ...request, status: c.res.status }),
      (err: unknown) => options.logger.warn('request failed after its deadline', { ...request, ...describeError(err) }),
    );
    c.res = await options.answer(c);
    return c.res;
  };
}
