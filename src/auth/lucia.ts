// The only module that imports lucia (deprecated upstream): the rest of the app talks to src/auth/sessions.ts.
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
import { Lucia, TimeSpan, generateIdFromEntropySize, type DatabaseSession, type DatabaseUser } from 'lucia';
import { eq, sql } from 'drizzle-orm';
import { sessions, users } from '../db/schema/index.js';
import { preparedFor } from '../db/prepared.js';
import type { Db } from '../db/types.js';
import type { Locale, Role, SessionAwaiting } from '../db/schema/auth.js';

export interface LuciaOptions {
  idleMinutes: number;
  secureCookie: boolean;
}

/** The one query every signed-in request makes: built once per database, the columns lucia needs only. */
const sessionAndUserQuery = preparedFor((db: Db) =>
  db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      createdAt: sessions.createdAt,
      awaiting: sessions.awaiting,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      schoolId: users.schoolId,
      departmentId: users.departmentId,
      locale: users.locale,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      isDemo: users.isDemo,
    })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('session_and_user'),
);

/** lucia's drizzle adapter, with the per-request lookup prepared instead of rebuilt every time. */
class SessionAdapter extends DrizzlePostgreSQLAdapter {
  private readonly lookup: ReturnType<typeof sessionAndUserQuery>;

  constructor(db: Db) {
    // The adapter is typed against drizzle's generic PgDatabase; our Db is that type.
    super(db as unknown as ConstructorParameters<typeof DrizzlePostgreSQLAdapter>[0], sessions, users);
    this.lookup = sessionAndUserQuery(db);
  }

  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await this.lookup.execute({ id: sessionId });
    if (!row) return [null, null];
    const { id, userId, expiresAt, createdAt, awaiting, ...attributes } = row;
    return [{ id, userId, expiresAt, attributes: { createdAt, awaiting } }, { id: userId, attributes }];
  }
}

/** One lucia per database and settings: it holds no per-request state, so requests share it. */
const instances = new WeakMap<Db, Map<string, ReturnType<typeof newLucia>>>();

export function createLucia(db: Db, options: LuciaOptions) {
  let byOptions = instances.get(db);
  if (!byOptions) instances.set(db, (byOptions = new Map()));
  const key = `${options.idleMinutes}:${options.secureCookie}`;
  let lucia = byOptions.get(key);
  if (!lucia) byOptions.set(key, (lucia = newLucia(db, options)));
  return lucia;
}

function newLucia(db: Db, options: LuciaOptions) {
  return new Lucia(new SessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(options.idleMinutes, 'm'),
    sessionCookie: {
      name: 'cs_session',
      // A session cookie (no Max-Age) would outlive nothing useful; expiry is enforced server-side anyway.
      expires: true,
      attributes: { secure: options.secureCookie, sameSite: 'lax' },
    },
    getSessionAttributes: (attrs) => ({ createdAt: attrs.createdAt, awaiting: attrs.awaiting }),
    getUserAttributes: (attrs) => ({
      username: attrs.username,
      displayName: attrs.displayName,
      role: attrs.role,
      schoolId: attrs.schoolId,
      departmentId: attrs.departmentId,
      locale: attrs.locale,
      active: attrs.active,
      mustChangePassword: attrs.mustChangePassword,
      isDemo: attrs.isDemo,
    }),
  });
}

export const newSessionToken = () => generateIdFromEntropySize(25);

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof newLucia>;
    DatabaseSessionAttributes: { createdAt: Date; awaiting: SessionAwaiting | null };
    DatabaseUserAttributes: {
      username: string;
      displayName: string;
      role: Role;
      schoolId: number | null;
      departmentId: number | null;
      locale: Locale;
      active: boolean;
      mustChangePassword: boolean;
      isDemo: boolean;
    };
  }
}
