import { connect, type Socket } from 'node:net';

/**
 * A socket to the PostgreSQL server that gives up when an answer does not come. On a network path
 * that freezes (packets dropped, no reset) a query in flight waits for TCP's retransmission limit,
 * about 15 minutes, and `statement_timeout` cannot help: the server's answer is what is lost. So the
 * socket arms a timer when postgres.js writes and the server owes an answer, restarts it on every
 * byte received, and stops it when a chunk ends with ReadyForQuery (the last message of every
 * answer). If the timer runs out, the socket is destroyed with ETIMEDOUT: postgres.js fails the
 * connection's queries (an outage, 503) and opens a new connection for the next query, so the pool
 * recovers by itself once the path is back (docs/decisions/0025-request-deadline.md).
 *
 * Misreadings are harmless: an answer split just before its ReadyForQuery leaves the timer running
 * and an idle connection is closed (postgres.js reconnects); data that happens to end like
 * ReadyForQuery stops the timer early, and the request deadline still answers the request. Over TLS
 * the bytes are encrypted and the TLS layer reads and writes beneath this socket (postgres.js also
 * drops this socket's listeners): the watchdog turns itself off at the SSLRequest, and the request
 * deadline is the bound there.
 */
export function watchedSocket(target: { path: string } | { host: string; port: number }, answerMs: number): Socket {
  const socket = 'path' in target ? connect(target.path) : connect(target.port, target.host);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const err = Object.assign(new Error(`no answer from the database within ${answerMs} ms`), { code: 'ETIMEDOUT' });
      socket.destroy(err);
    }, answerMs);
    timer.unref();
  };
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let encrypted = false;
  socket.write = ((...args: unknown[]) => {
    if (isSslRequest(args[0])) {
      encrypted = true;
      stop();
    }
    if (!timer && !encrypted) arm();
    return write(...args);
  }) as Socket['write'];
  socket.on('data', (chunk: Buffer) => {
    if (!timer) return;
    if (endsWithReadyForQuery(chunk)) stop();
    else arm();
  });
  socket.on('close', stop);
  return socket;
}

/** The 8-byte request to switch to TLS: length 8, code 80877103. */
const isSslRequest = (data: unknown): boolean => Buffer.isBuffer(data) && data.length === 8 && data.readInt32BE(0) === 8 && data.readInt32BE(4) === 80877103;

/** ReadyForQuery: 'Z', length 5, then the transaction status (I idle, T in a transaction, E failed one). */
export function endsWithReadyForQuery(chunk: Buffer): boolean {
  const n = chunk.length;
  return n >= 6 && chunk[n - 6] === 0x5a && chunk.readInt32BE(n - 5) === 5 && [0x49, 0x54, 0x45].includes(chunk[n - 1]!);
}

/** postgres.js's `socket` option: it calls this for each connection and then talks over the socket as if connected. */
export function frozenPathGuard(answerMs: number) {
  return (o: { host: string[]; port: number[]; path?: string | false }) => {
    const target = o.path ? { path: o.path } : { host: o.host[0]!, port: o.port[0]! };
    // Named like postgres.js's own sockets, for its error messages.
    return Object.assign(watchedSocket(target, answerMs), 'host' in target ? target : {});
  };
}
