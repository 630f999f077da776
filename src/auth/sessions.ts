import { eq } from 'drizzle-orm';
import { sessions } from '../db/schema/index.js';
import type { Db } from '../db/types.js';
import type { Locale, Role } from '../db/schema/auth.js';
import { createLucia, newSessionToken } from './lucia.js';
import { sha256Hex } from '../lib/hash.js';

/** The signed-in user as every route and policy sees it. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  schoolId: number | null;
  departmentId: number | null;
  locale: Locale;
  mustChangePassword: boolean;
  isDemo: boolean;
}

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
  secureCookie: boolean;
}


/**
 * Sessions behind one small interface. The cookie carries a random token; the database keeps only its
 * SHA-256 as the session id, so reading the sessions table does not let anyone take over a session.
 */
export function sessionStore(db: Db, settings: SessionSettings) {
  const lucia = createLucia(db, { idleMinutes: settings.idleMinutes, secureCookie: settings.secureCookie });
  return {
    cookieName: lucia.sessionCookieName,

    /** Starts a new session (a fresh id every sign-in) and returns the Set-Cookie value. */
    async start(userId: string, now: Date): Promise<string> {
      const token = newSessionToken();
      await lucia.createSession(userId, { createdAt: now }, { sessionId: await sha256Hex(token) });
      return lucia.createSessionCookie(token).serialize();
    },

    /** The user of a cookie token, or null. `refreshCookie` is set when the sliding expiry moved. */
    async resolve(token: string, now: Date): Promise<{ user: SessionUser | null; sessionId: string | null; refreshCookie?: string }> {
      const id = await sha256Hex(token);
      const { session, user } = await lucia.validateSession(id);
      if (!session || !user) return { user: null, sessionId: null };
      const absoluteEnd = session.createdAt.getTime() + settings.absoluteHours * 3600_000;
      if (!user.active || now.getTime() >= absoluteEnd) {
        await lucia.invalidateSession(id);
        return { user: null, sessionId: null };
      }
      const { active: _active, ...rest } = user;
      return {
        user: rest,
        sessionId: id,
        refreshCookie: session.fresh ? lucia.createSessionCookie(token).serialize() : undefined,
      };
    },

    async end(sessionId: string): Promise<void> {
      await lucia.invalidateSession(sessionId);
    },

    async endAllFor(userId: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.userId, userId));
    },

    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
