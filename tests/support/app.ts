import { createApp, type AppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/types.js';
import { testClock } from './clock.js';
import { jsonLogger, type Logger } from '../../src/lib/logger.js';
import { openTestDatabase, type TestDatabase } from './db.js';
import { memoryStorage } from '../../src/storage/memory.js';
import { makeUser, takeRecoveryCode, TEST_PASSWORD } from './factories.js';

export const ORIGIN = 'http://localhost';

export type FormInput = Record<string, string | number | boolean | string[] | undefined>;

export function formBody(values: FormInput): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === false) continue;
    if (Array.isArray(v)) v.forEach((item) => body.append(k, item));
    else body.append(k, v === true ? 'on' : String(v));
  }
  return body;
}

/** A browser stand-in: keeps cookies, sends same-origin headers, does not follow redirects. */
export class Agent {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: ReturnType<typeof createApp>,
    readonly ip = '10.0.0.1',
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('Origin') && init.method && init.method !== 'GET') headers.set('Origin', ORIGIN);
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('x-test-ip', this.ip);
    const res = await this.app.request(`${ORIGIN}${path}`, { ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { method: 'GET', headers });
  }

  post(path: string, values: FormInput = {}, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: 'POST',
      body: formBody(values),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /**
   * Signs in like a person would: the password, then (for a user with two-factor sign-in) the code page,
   * answered with one of the test user's recovery codes. Returns the last response.
   */
  async signIn(username: string, password: string, extra: FormInput = {}): Promise<Response> {
    const res = await this.post('/login', { username, password, ...extra });
    const location = res.headers.get('location') ?? '';
    if (res.status !== 303 || !location.startsWith('/login/two-factor')) return res;
    const code = takeRecoveryCode(username);
    if (!code) return res;
    const next = new URL(location, ORIGIN).searchParams.get('next') ?? '';
    return this.post('/login/two-factor', { code, next });
  }
}

export interface TestContext {
  app: ReturnType<typeof createApp>;
  db: Db;
  database: TestDatabase;
  clock: ReturnType<typeof testClock>;
  logs: string[];
  config: Config;
  storage: ReturnType<typeof memoryStorage>;
  agent(ip?: string): Agent;
  close(): Promise<void>;
}

/** One app over one fresh database (or the one given), for a whole test file. */
export async function setupTestApp(overrides: Partial<Config> = {}, given?: TestDatabase, options: AppOptions = {}): Promise<TestContext> {
  const database = given ?? (await openTestDatabase());
  const clock = testClock();
  const logs: string[] = [];
  const logger: Logger = jsonLogger('info', (line) => logs.push(line));
  const config = loadConfig({}, { logLevel: 'info', ...overrides });
  const storage = memoryStorage(clock.now);
  const app = createApp(
    { config, clock, logger, database: { forRequest: () => database.db }, storage },
    { clientAddress: (c) => c.req.header('x-test-ip'), ...options },
  );
  return {
    app,
    db: database.db,
    database,
    clock,
    logs,
    config,
    storage,
    agent: (ip?: string) => new Agent(app, ip),
    close: () => database.close(),
  };
}

/** Text of an HTML response with tags removed, for asserting on what a user reads. */
export async function textOf(res: Response): Promise<string> {
  return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** A new user of that role and a signed-in agent for them (the same fixture in every http test file). */
export async function signedInUser(ctx: TestContext, role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) {
  const user = await makeUser(ctx.db, role, options);
  const agent = ctx.agent();
  const res = await agent.signIn(user.username, TEST_PASSWORD);
  if (res.status !== 303) throw new Error(`sign-in of the test ${role} failed with ${res.status}`);
  return { agent, user };
}
