import type { Executor } from '../db/types.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { counterKind } from './throttle-store.js';

/**
 * A lock-out, logged once when it starts (not for each refused attempt after it): which counter locked
 * ('pair' the account from this address, 'user' the account, 'ip' the address, 'password', '2fa').
 */
export async function recordLockOuts(db: Executor, actor: Actor, account: { entityType: string; entityId: string }, keys: string[]): Promise<void> {
  for (const key of keys) await recordEvent(db, actor, { ...account, action: 'lockedOut', data: { counter: counterKind(key) } });
}
