// Node-only: lets a stopping HTTP server finish what it started. Without it, process.exit() during a
// request resets the connection, and a write can be saved while the user sees a connection error.
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/**
 * How long a connection accepted just before the listener closed has to send its request. http.Server's
 * own close() drops every connection without a request at once, and that includes one that has just
 * been accepted and whose request is still on its way: its client sees a reset.
 */
const ARRIVAL_GRACE_MS = 500;

export interface Drain {
  /** requests being answered right now (a streamed export counts until its last byte) */
  inFlight(): number;
  /**
   * Stops accepting connections, lets the requests in flight finish (each answered with
   * `Connection: close`), and after `timeoutMs` cuts whatever is still running. Resolves with the counts.
   */
  drain(timeoutMs: number): Promise<{ finished: number; cut: number }>;
}

export function drainable(server: Server): Drain {
  const active = new Set<ServerResponse>();
  let draining = false;
  let finished = 0;
  let idle: (() => void) | null = null;

  server.on('request', (_req, res: ServerResponse) => {
    active.add(res);
    // A request that arrives while draining is still answered, but its connection is not kept.
    if (draining) res.shouldKeepAlive = false;
    res.on('close', () => {
      active.delete(res);
      if (draining) finished++;
      if (active.size === 0) idle?.();
    });
  });

  return {
    inFlight: () => active.size,
    async drain(timeoutMs) {
      draining = true;
      const started = performance.now();
      for (const res of active) if (!res.headersSent) res.shouldKeepAlive = false;
      // Stop accepting (net's close: the listener only), give requests on their way a moment to arrive,
      // then close the connections that are idle (kept-alive, no request) and wait for the rest.
      NetServer.prototype.close.call(server);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ARRIVAL_GRACE_MS, timeoutMs)));
      server.closeIdleConnections();
      const left = timeoutMs - (performance.now() - started);
      if (active.size > 0 && left > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          idle = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
      }
      const cut = active.size;
      server.closeAllConnections();
      return { finished, cut };
    },
  };
}
