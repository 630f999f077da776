// Helpers of the fault tests: start the real server as an operator does (`npm start`), talk to it over
// real HTTP (one connection per request, so a refused connection and a reset one can be told apart),
// and report figures. Everything targets 127.0.0.1 and is bounded in count and time.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { eq } from 'drizzle-orm';
import { hazardCategories } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/types.js';
import { makeSchool, makeUser, takeRecoveryCode, TEST_PASSWORD } from '../support/factories.js';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface RunningServer {
  child: ChildProcess;
  base: string;
  output(): string;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
}

/** `npm start` with these settings; resolves once it says it is running (or rejects with its output). */
export async function startServer(env: Record<string, string>, options: { waitFor?: string; timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'false', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server = { child, base: `http://127.0.0.1:${port}`, output: () => out, exited };
  const text = options.waitFor ?? 'is running at';
  const deadline = performance.now() + (options.timeoutMs ?? 90_000);
  while (!out.includes(text)) {
    if (performance.now() > deadline || child.exitCode !== null) {
      if (child.exitCode === null) child.kill('SIGKILL');
      throw new Error(`no "${text}" from the server:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}

/** kill -9 of the node process `npm start` exec'd into (npm's only child), as a crash or the OOM killer does. */
export async function killServer(server: RunningServer): Promise<void> {
  const pid = Number(execFileSync('pgrep', ['-P', String(server.child.pid)]).toString().trim().split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  await server.exited;
}

export async function stopServer(server: RunningServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}

export interface Reply {
  status: number;
  location: string | null;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A multipart body as a browser sends it: fields, and files under `photos`. */
export class Multipart {
  readonly boundary = `----fault${Math.random().toString(36).slice(2)}`;
  readonly body: Buffer;
  constructor(fields: Record<string, string>, files: Array<{ name: string; bytes: Uint8Array; type: string }>) {
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${this.boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const f of files) {
      parts.push(Buffer.from(`--${this.boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), Buffer.from(f.bytes), Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${this.boundary}--\r\n`));
    this.body = Buffer.concat(parts);
  }
  get contentType() {
    return `multipart/form-data; boundary=${this.boundary}`;
  }
}

/** The hidden fields of a 503 page's "send again" form: the form as it was typed. */
export function keptFields(html: string): Record<string, string> {
  const start = html.indexOf('class="error-panel');
  const panel = html.slice(start, html.indexOf('</section>', start));
  const fields: Record<string, string> = {};
  for (const m of panel.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return fields;
}

/** Why a request got no answer: never reached the server (refused) or cut off after it was sent (reset). */
export class NoReply extends Error {
  constructor(
    readonly kind: 'refused' | 'reset' | 'timeout',
    readonly code: string,
  ) {
    super(`${kind} (${code})`);
  }
}

/** A browser stand-in over real HTTP: cookies, the Origin header, a fresh connection per request. */
export class HttpAgent {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  send(method: 'GET' | 'POST', path: string, form?: Record<string, string> | Multipart, timeoutMs = 30_000): Promise<Reply> {
    const body = form instanceof Multipart ? form.body : form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = { Connection: 'close' };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method === 'POST') {
      headers.Origin = this.base;
      headers['Content-Type'] = form instanceof Multipart ? form.contentType : 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(body ?? ''));
    }
    return new Promise((resolve, reject) => {
      const req = request(`${this.base}${path}`, { method, headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          for (const cookie of res.headers['set-cookie'] ?? []) {
            const [pair] = cookie.split(';');
            const i = pair!.indexOf('=');
            this.cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1));
          }
          resolve({ status: res.statusCode ?? 0, location: (res.headers.location as string | undefined) ?? null, body: text, headers: res.headers });
        });
        res.on('error', (e: NodeJS.ErrnoException) => reject(new NoReply('reset', e.code ?? e.message)));
      });
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ?? e.message;
        reject(new NoReply(code === 'ECONNREFUSED' ? 'refused' : code === 'TIMEOUT' ? 'timeout' : 'reset', code));
      });
      req.end(body);
    });
  }

  get(path: string, timeoutMs?: number) {
    return this.send('GET', path, undefined, timeoutMs);
  }

  post(path: string, form: Record<string, string> | Multipart, timeoutMs?: number) {
    return this.send('POST', path, form, timeoutMs);
  }

  /** The password, then (supervisors, administrators) the two-factor page with one of the test user's recovery codes. */
  async signIn(username: string): Promise<this> {
    let res = await this.post('/login', { username, password: TEST_PASSWORD });
    if (res.status === 303 && res.location?.startsWith('/login/two-factor')) {
      const next = new URL(res.location, this.base).searchParams.get('next') ?? '';
      res = await this.post('/login/two-factor', { code: takeRecoveryCode(username) ?? '', next });
    }
    if (res.status !== 303) throw new Error(`sign-in of ${username} failed: ${res.status}`);
    return this;
  }

  /** Another agent with the same session (signing in many times at once is throttled). */
  copy(): HttpAgent {
    const other = new HttpAgent(this.base);
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    return other;
  }
}

/** An officer of a new school and a supervisor, and the form of a valid report. */
export async function reportingFixture(db: Db) {
  const school = await makeSchool(db);
  const officer = await makeUser(db, 'officer', { schoolId: school.id });
  const supervisor = await makeUser(db, 'supervisor');
  const [category] = await db.select({ id: hazardCategories.id }).from(hazardCategories).where(eq(hazardCategories.active, true)).limit(1);
  const reportForm = (key: string, description = `故障测试 ${key}`) => ({
    subjectType: 'campus',
    schoolId: String(school.id),
    location: '教学楼一层',
    categoryId: String(category!.id),
    description,
    source: 'self_check',
    foundAt: '2026-11-20T09:00',
    submissionKey: key,
  });
  return { school, officer, supervisor, reportForm };
}

/** The id in a "/hazards/123" redirect. */
export const hazardIdOf = (reply: Reply) => Number(/^\/hazards\/(\d+)$/.exec(reply.location ?? '')?.[1] ?? NaN);

/** One line of figures, printed so CI logs and the README can quote them. */
export function report(name: string, figures: Record<string, string | number>): void {
  console.log(`[fault figures] ${name}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(', ')}`);
}

/**
 * A TCP proxy to the database that can be cut in two ways: refuse() drops every connection and stops
 * listening (a server that is down); freeze() keeps every socket open, accepts new ones and forwards
 * nothing either way until thaw() (a network path that silently drops packets).
 */
export async function databaseProxy(target: URL) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const held: Array<() => void> = [];
  let frozen = false;
  let server: Server | null = null;
  const pipe = (client: Socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from);
      from.on('error', end).on('close', end);
      from.on('data', (chunk: Buffer) => {
        const forward = () => !to.destroyed && to.write(chunk);
        if (frozen) held.push(forward);
        else forward();
      });
    }
  };
  const listen = async () => {
    server = createServer(pipe).listen(port, '127.0.0.1');
    await once(server, 'listening');
  };
  await listen();
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    async refuse() {
      const closing = new Promise((r) => server!.close(r));
      for (const s of sockets) s.destroy();
      await closing; // nothing listens on the port now: connections are refused
    },
    resume: listen,
    freeze() {
      frozen = true;
    },
    /** Forwards again, the held bytes first (to sockets still open: TCP would deliver them once the path is back). */
    thaw() {
      frozen = false;
      for (const forward of held.splice(0)) forward();
    },
    close: () => new Promise((r) => (server ? server.close(r) : r(undefined))),
  };
}
