import type { AppContext } from '../env.js';
import { recordEvent } from '../lib/events.js';
import { actorOf } from '../lib/http.js';

/**
 * A request refused with 403 to a signed-in user goes into the history (the security log): someone
 * trying pages or actions their role does not allow. Anonymous refusals (no session, a failed CSRF
 * check) are only logged to the log file: anyone can send them, so they must cost nothing to store.
 * A failure here never hides the refusal itself.
 */
export async function recordRefusal(c: AppContext, reason: string): Promise<void> {
  const user = c.get('user');
  if (!user) return;
  try {
    await recordEvent(c.get('db'), actorOf(c), {
      entityType: 'request',
      entityId: (c.get('route') ?? c.req.path).slice(0, 200),
      action: 'forbidden',
      data: { method: c.req.method, path: c.req.path.slice(0, 200), reason },
    });
  } catch (err) {
    c.get('deps').logger.error('could not record a refused request', { requestId: c.get('requestId'), error: err instanceof Error ? err.message : String(err) });
  }
}
