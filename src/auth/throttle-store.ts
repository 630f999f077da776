import { eq, inArray } from 'drizzle-orm';
import { loginThrottles } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { ACCOUNT_RULE, IP_RULE, checkThrottle, recordFailure, type ThrottleDecision, type ThrottleState } from './throttle.js';

const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

async function load(db: Executor, keys: string[]): Promise<Map<string, ThrottleState>> {
  const rows = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, keys));
  return new Map(rows.map((r) => [r.key, r]));
}

/** The stricter of the account's and the IP's decisions. */
export async function checkSignInThrottle(db: Executor, username: string, ip: string, now: Date): Promise<ThrottleDecision> {
  const states = await load(db, [accountKey(username), ipKey(ip)]);
  const decisions = [checkThrottle(states.get(accountKey(username)), ACCOUNT_RULE, now), checkThrottle(states.get(ipKey(ip)), IP_RULE, now)];
  const refused = decisions.filter((d) => !d.allowed) as Extract<ThrottleDecision, { allowed: false }>[];
  if (refused.length === 0) return { allowed: true };
  return refused.reduce((a, b) => (a.retryAfterSeconds >= b.retryAfterSeconds ? a : b));
}

export async function recordSignInFailure(db: Executor, username: string, ip: string, now: Date): Promise<void> {
  const keys: [string, typeof ACCOUNT_RULE][] = [
    [accountKey(username), ACCOUNT_RULE],
    [ipKey(ip), IP_RULE],
  ];
  const states = await load(db, keys.map(([k]) => k));
  for (const [key, rule] of keys) {
    const next = recordFailure(states.get(key), rule, now);
    await db
      .insert(loginThrottles)
      .values({ key, ...next })
      .onConflictDoUpdate({ target: loginThrottles.key, set: next });
  }
}

export async function clearAccountThrottle(db: Executor, username: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, accountKey(username)));
}
