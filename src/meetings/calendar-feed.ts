import { and, asc, eq, gte } from 'drizzle-orm';
import { meetings, users } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { sha256Hex } from '../lib/hash.js';
import { mayUseCalendarFeed, visibleMeetings } from '../policy.js';

/**
 * A private calendar-feed URL per user: the meetings their unit is invited to (all, for supervisors and
 * the leader). The URL carries a random secret; only its hash is stored, and a new one replaces it.
 */
export async function issueCalendarToken(db: Db, actor: Actor & { userId: string }): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  await db.transaction(async (tx) => {
    await tx.update(users).set({ calendarTokenHash: await sha256Hex(token) }).where(eq(users.id, actor.userId));
    await recordEvent(tx, actor, { entityType: 'user', entityId: actor.userId, action: 'calendarFeedIssued' });
  });
  return token;
}

/** The meetings of a feed token (from 90 days ago on), or null for an unknown token or an inactive user. */
export async function calendarFeed(db: Executor, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [user] = await db.select().from(users).where(eq(users.calendarTokenHash, await sha256Hex(token)));
  if (!user || !user.active || !mayUseCalendarFeed(user)) return null;
  const scope = visibleMeetings({ ...user, mustChangePassword: false, isDemo: false });
  const since = new Date(now.getTime() - 90 * 86400_000);
  return db.select().from(meetings).where(and(scope, gte(meetings.endsAt, since))).orderBy(asc(meetings.startsAt)).limit(500);
}
