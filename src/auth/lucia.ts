// The only module that imports lucia (deprecated upstream): the rest of the app talks to src/auth/sessions.ts.
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
import { Lucia, TimeSpan, generateIdFromEntropySize } from 'lucia';
import { sessions, users } from '../db/schema/index.js';
import type { Db } from '../db/types.js';
import type { Locale, Role } from '../db/schema/auth.js';

export interface LuciaOptions {
  idleMinutes: number;
  secureCookie: boolean;
}

export function createLucia(db: Db, options: LuciaOptions) {
  // The adapter is typed against drizzle's generic PgDatabase; our Db is that type.
  const adapter = new DrizzlePostgreSQLAdapter(db as never, sessions, users);
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(options.idleMinutes, 'm'),
    sessionCookie: {
      name: 'cs_session',
      // A session cookie (no Max-Age) would outlive nothing useful; expiry is enforced server-side anyway.
      expires: true,
      attributes: { secure: options.secureCookie, sameSite: 'lax' },
    },
    getSessionAttributes: (attrs) => ({ createdAt: attrs.createdAt }),
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
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { createdAt: Date };
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
