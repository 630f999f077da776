import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { events } from '../../src/db/schema/index.js';
import { nodeClientAddress } from '../../src/lib/forwarded.js';
import { jsonLogger } from '../../src/lib/logger.js';
import { memoryStorage } from '../../src/storage/memory.js';
import { ORIGIN, formBody } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { makeUser, TEST_PASSWORD } from '../support/factories.js';

/**
 * TRUST_PROXY=true behind one proxy that appends to X-Forwarded-For (the default TRUST_PROXY_HOPS=1):
 * the client's own entries are ignored, so rotating a forged first entry neither escapes the sign-in
 * throttle nor reaches the history. The app is built with the Node entry's address function; the
 * connection itself is the proxy (10.0.0.2).
 */
let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const clock = testClock();

beforeAll(async () => {
  database = await openTestDatabase();
  const config = loadConfig({ TRUST_PROXY: 'true' }, { logLevel: 'silent' });
  app = createApp(
    { config, clock, logger: jsonLogger('silent'), database: { forRequest: () => database.db }, storage: memoryStorage(clock.now) },
    { clientAddress: nodeClientAddress(config, () => '10.0.0.2') },
  );
});
afterAll(() => database.close());

const post = (path: string, values: Record<string, string>, forwardedFor: string, cookie = '') =>
  app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'X-Forwarded-For': forwardedFor, ...(cookie ? { Cookie: cookie } : {}) },
    body: formBody(values),
  });

describe('behind a trusted proxy', () => {
  it('a rotating forged first entry does not escape the sign-in throttle', async () => {
    const user = await makeUser(database.db, 'leader');
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await post('/login', { username: user.username, password: `wrong-${i}` }, `198.51.100.${i}, 203.0.113.7`);
      statuses.push(res.status);
    }
    // The account-and-address counter sees one address: after three failures every attempt must wait.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
  });

  it('the history stores the address the proxy saw, not the forged one', async () => {
    const user = await makeUser(database.db, 'leader');
    const signIn = await post('/login', { username: user.username, password: TEST_PASSWORD }, '6.6.6.6, 203.0.113.8');
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect((await post('/account/logout-everywhere', {}, '6.6.6.6, 203.0.113.8', cookie)).status).toBe(303);
    const [event] = await database.db.select().from(events).where(eq(events.entityId, user.id)).orderBy(desc(events.id)).limit(1);
    expect(event?.ip).toBe('203.0.113.8');
  });
});
