import type { AssetVersions } from './assets/versions.js';
import type { Context } from 'hono';
import type { PendingSecondFactor, SessionStore, SessionUser } from './auth/sessions.js';
import type { Config } from './config.js';
import type { Locale } from './db/schema/auth.js';
import type { Permission } from './policy.js';
import type { Db } from './db/types.js';
import type { Translate } from './i18n/index.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { FileStorage } from './storage/types.js';

/** Where the app's database comes from: one pool on Node, a client per request on Workers. */
export interface DatabaseProvider {
  forRequest(c: Context<AppEnv>): Db;
}

/** Everything createApp needs from the runtime. The entry points (server.ts, worker.ts) build this. */
export interface AppDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  database: DatabaseProvider;
  /** photos and other files: a local directory on Node, R2 on Workers */
  storage: FileStorage;
}

export interface AppVariables {
  deps: AppDeps;
  db: Db;
  requestId: string;
  /** the policy rule of the matched route (null when no route matched) */
  rule: Permission | null;
  /** the matched route as the policy names it, e.g. 'POST /hazards/:id/assign' (null when none matched) */
  route: string | null;
  clientIp: string;
  secureHeadersNonce?: string;
  sessions: SessionStore;
  user: SessionUser | null;
  sessionId: string | null;
  /** a sign-in waiting for its authenticator code (the session has no user yet) */
  pendingSecondFactor: PendingSecondFactor | null;
  locale: Locale;
  t: Translate;
  /** Whether any demo account exists (shows the demo banner). */
  demoMode: boolean;
  /** A one-time notice carried across a redirect (already translated). */
  flash: string | null;
  /** unread inbox notices of the signed-in user (shown in the navigation), null when not counted */
  unread: number | null;
  /** versions of the static files, for their URLs (empty where static files are not served) */
  assetVersions: AssetVersions;
}

export type AppEnv = { Bindings: Record<string, unknown>; Variables: AppVariables };
export type AppContext = Context<AppEnv>;
