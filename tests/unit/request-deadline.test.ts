// The request deadline (src/lib/request-deadline.ts) and the socket watchdog (src/db/answer-watchdog.ts)
// on their own, with short limits: the fault test (tests/faults/frozen.test.ts) runs them together.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { endsWithReadyForQuery, watchedSocket } from '../../src/db/answer-watchdog.js';
import type { AppEnv } from '../../src/env.js';
import { isPastDeadline, requestDeadline } from '../../src/lib/request-deadline.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function appWith(handler: () => Promise<Response>, bytesReceived?: () => number) {
  const lines: string[] = [];
  const logger = { info: () => {}, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const app = new Hono<AppEnv>();
  app.use(requestDeadline({ ms: 200, bytesReceived, answer: async (c) => c.text('later, please', 503), logger }));
  app.get('/', handler);
  app.onError((_, c) => (isPastDeadline(c) ? (lines.push('late failure'), c.body(null, 503)) : c.text('error', 500)));
  return { app, lines };
}

describe('request deadline', () => {
  it('answers in time when the handler does', async () => {
    const { app, lines } = appWith(async () => new Response('ok'));
    expect((await app.request('/')).status).toBe(200);
    expect(lines).toEqual([]);
  });

  it('answers 503 at the deadline and logs the late answer once', async () => {
    const { app, lines } = appWith(async () => (await pause(400), new Response('too late')));
    const started = performance.now();
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(350);
    await pause(300);
    expect(lines).toEqual(['request answered 503 at its deadline', 'request finished after its deadline; its answer was dropped']);
  });

  it('a late failure goes to the error handler once, not as an unhandled rejection', async () => {
    const { app, lines } = appWith(async () => (await pause(400), Promise.reject(new Error('connection lost'))));
    expect((await app.request('/')).status).toBe(503);
    await pause(300);
    expect(lines).toEqual(['request answered 503 at its deadline', 'late failure']);
  });

  it('restarts the clock while the body is still arriving (a slow upload)', async () => {
    let bytes = 0;
    const arriving = setInterval(() => (bytes += 1000), 50);
    const { app } = appWith(async () => (await pause(500), new Response('stored')), () => bytes);
    setTimeout(() => clearInterval(arriving), 450);
    expect((await app.request('/')).status).toBe(200);
  });
});

async function fakeDatabase(answer: (socket: Socket, data: Buffer) => void) {
  const server = createServer((socket) => socket.on('data', (data) => answer(socket, data))).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}
const READY = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

describe('answer watchdog', () => {
  it('recognises ReadyForQuery at the end of a chunk', () => {
    expect(endsWithReadyForQuery(Buffer.concat([Buffer.from('C\0\0\0\rSELECT 1\0'), READY]))).toBe(true);
    expect(endsWithReadyForQuery(Buffer.from('D\0\0\0\x0bhello\0'))).toBe(false);
  });

  it('keeps a connection whose answers come, idle or not', async () => {
    const { server, port } = await fakeDatabase((socket) => socket.write(READY));
    const socket = watchedSocket({ host: '127.0.0.1', port }, 150);
    socket.write('Q…');
    await pause(400);
    expect(socket.destroyed).toBe(false);
    socket.destroy();
    server.close();
  });

  it('destroys a connection whose answer does not come, with ETIMEDOUT', async () => {
    const { server, port } = await fakeDatabase(() => {});
    const socket = watchedSocket({ host: '127.0.0.1', port }, 150);
    const failed = once(socket, 'error');
    const started = performance.now();
    socket.write('Q…');
    const [err] = (await failed) as [NodeJS.ErrnoException];
    expect(err.code).toBe('ETIMEDOUT');
    expect(performance.now() - started).toBeLessThan(400);
    server.close();
  });
});
