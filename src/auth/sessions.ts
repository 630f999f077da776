import { eq } from 'drizzle-orm';
import { sessions } from '../db/schema/index.js';
import type { Db } from '../db/types.js';
import type { Locale, Role, SessionAwaiting } from '../db/schema/auth.js';
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
  /** signed in with the password, but the role requires two-factor sign-in and none is set up yet (absent: no) */
  mustEnrolTwoFactor?: boolean;
  isDemo: boolean;
}

/** A sign-in waiting for the authenticator code: the password was right; nothing else is reachable yet. */
export interface PendingSecondFactor {
  userId: string;
  sessionId: string;
}

/** How long the code page waits after the password before the sign-in must start again. */
const SECOND_FACTOR_MINUTES = 10;

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

    /**
     * Starts a new session (a fresh id every sign-in) and returns the Set-Cookie value. `awaiting`: what
     * the sign-in still needs (see sessions.awaiting); none for a full session.
     */
    async start(userId: string, now: Date, awaiting: SessionAwaiting | null = null): Promise<string> {
      const token = newSessionToken();
      await lucia.createSession(userId, { createdAt: now, awaiting }, { sessionId: await sha256Hex(token) });
      return lucia.createSessionCookie(token).serialize();
    },

    /**
     * The user of a cookie token, or null. `refreshCookie` is set when the sliding expiry moved. A
     * session still waiting for the second factor has no user: only `pending` is set.
     */
    async resolve(token: string, now: Date): Promise<{ user: SessionUser | null; sessionId: string | null; pending?: PendingSecondFactor; refreshCookie?: string }> {
      const id = await sha256Hex(token);
      const { session, user } = await lucia.validateSession(id);
      if (!session || !user) return { user: null, sessionId: null };
      const lifetime = session.awaiting === 'secondFactor' ? SECOND_FACTOR_MINUTES * 60_000 : settings.absoluteHours * 3600_000;
      if (!user.active || now.getTime() >= session.createdAt.getTime() + lifetime) {
        await lucia.invalidateSession(id);
        return { user: null, sessionId: null };
      }
      if (session.awaiting === 'secondFactor') return { user: null, sessionId: null, pending: { userId: user.id, sessionId: id } };
      const { active: _active, ...rest } = user;
      return {
        user: { ...rest, mustEnrolTwoFactor: session.awaiting === 'enrolment' },
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
