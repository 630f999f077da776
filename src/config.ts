import { z } from 'zod';

/** Everything the app can be configured with. Read once at start-up by an entry point, then passed in. */
const configSchema = z.object({
  /** postgres://… — when absent the Node entry uses the embedded PGlite database in dataDir. */
  databaseUrl: z.string().url().optional(),
  /**
   * postgres://… of the role that owns the tables, for migrations and operator commands (npm run
   * db:migrate, db:seed). Unset: DATABASE_URL's role does both (one role, as in development).
   */
  migrationDatabaseUrl: z.string().url().optional(),
  dataDir: z.string().min(1).default('./data'),
  port: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public origin, e.g. https://safety.example.gov.cn. When unset the request's own origin is trusted. */
  publicOrigin: z.string().url().optional(),
  /** A session ends after this many minutes without a request (sliding). */
  sessionIdleMinutes: z.coerce.number().int().min(5).max(60 * 24 * 30).default(8 * 60),
  /** A session ends this many hours after sign-in, however active it is. */
  sessionAbsoluteHours: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
  /** Cookie Secure flag: 'auto' sets it when the request came over https. */
  cookieSecure: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Largest accepted request body of a route that takes files (photos, attachments), in bytes. */
  maxBodyBytes: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  /** Largest photo or image attachment, in pixels (width × height): a small file can unpack to gigabytes. */
  maxImagePixels: z.coerce.number().int().min(1_000_000).max(500_000_000).default(40_000_000),
  /** How many items of each kind the agenda proposal puts on the draft; the rest are offered as "more". */
  agendaProposalCap: z.coerce.number().int().min(1).max(100).default(5),
  /** Largest accepted body of every other form, in bytes. */
  maxFormBytes: z.coerce.number().int().min(1024).default(1024 * 1024),
  /**
   * Uploads a user may have that are not attached to anything yet (photos chosen on a form not sent yet):
   * beyond this many files or bytes an upload is refused (429) until they are sent or cleaned up (24 h).
   */
  uploadPendingMaxFiles: z.coerce.number().int().min(1).max(10_000).default(30),
  uploadPendingMaxBytes: z.coerce.number().int().min(1024).default(200 * 1024 * 1024),
  /** The embedded database flushes each commit to disk (fsync) before acknowledging it (docs/decisions/0022). */
  embeddedFsync: z.boolean().default(true),
  /** Seed demo data into an empty embedded database on first start. */
  seedDemo: z.coerce.boolean().default(true),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (only then; it is forgeable). */
  trustProxy: z.coerce.boolean().default(false),
  /**
   * With trustProxy: how many proxies of our own append to X-Forwarded-For. The client is the entry that
   * many from the right (the entries left of it are whatever the client sent).
   */
  trustProxyHops: z.coerce.number().int().min(1).max(10).default(1),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * Named prepared statements on the PostgreSQL server (faster: see src/db/postgres.ts). Turn off behind
   * a transaction-mode pooler that cannot keep them (PgBouncer before 1.21 or without
   * max_prepared_statements).
   */
  databasePreparedStatements: z.boolean().default(true),
  /**
   * Bounds on the PostgreSQL server (not the embedded database, which runs one statement at a time in
   * this process): a statement, a wait for a row or table lock, a transaction left idle, a new connection.
   * A request that hits one answers 503 instead of hanging (docs/decisions/0021).
   */
  databaseStatementTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(5000),
  databaseLockTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(3000),
  databaseIdleInTransactionTimeoutMs: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  databaseConnectTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(5000),
  /**
   * Every request is answered within this many milliseconds after its last byte arrived (Node): a 503
   * with the form kept when the database does not answer in time (docs/decisions/0025).
   */
  requestTimeoutMs: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** Node server processes sharing the port (one per CPU core suits a busy server). PostgreSQL only. */
  webConcurrency: z.coerce.number().int().min(1).max(64).default(1),
}).refine((c) => !c.migrationDatabaseUrl || c.databaseUrl, {
  path: ['migrationDatabaseUrl'],
  message: 'needs DATABASE_URL too: DATABASE_URL is the app role that the migrator grants',
});

export type Config = z.infer<typeof configSchema>;

export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
  connectMs: number;
}

export const pendingQuota = (config: Config) => ({ maxFiles: config.uploadPendingMaxFiles, maxBytes: config.uploadPendingMaxBytes });

export const databaseTimeouts = (config: Config): DatabaseTimeouts => ({
  statementMs: config.databaseStatementTimeoutMs,
  lockMs: config.databaseLockTimeoutMs,
  idleInTransactionMs: config.databaseIdleInTransactionTimeoutMs,
  connectMs: config.databaseConnectTimeoutMs,
});

type Env = Record<string, string | undefined>;

/** Builds the config from environment variables (Node's process.env or a Worker's env bindings). */
export function loadConfig(env: Env, overrides: Partial<Config> = {}): Config {
  const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
  const parsed = configSchema.safeParse({
    databaseUrl: blankToUndefined(env.DATABASE_URL),
    migrationDatabaseUrl: blankToUndefined(env.MIGRATION_DATABASE_URL),
    dataDir: blankToUndefined(env.DATA_DIR),
    port: blankToUndefined(env.PORT),
    publicOrigin: blankToUndefined(env.PUBLIC_ORIGIN),
    sessionIdleMinutes: blankToUndefined(env.SESSION_IDLE_MINUTES),
    sessionAbsoluteHours: blankToUndefined(env.SESSION_ABSOLUTE_HOURS),
    cookieSecure: blankToUndefined(env.COOKIE_SECURE),
    maxBodyBytes: blankToUndefined(env.MAX_BODY_BYTES),
    maxFormBytes: blankToUndefined(env.MAX_FORM_BYTES),
    maxImagePixels: blankToUndefined(env.MAX_IMAGE_PIXELS),
    agendaProposalCap: blankToUndefined(env.AGENDA_PROPOSAL_CAP),
    uploadPendingMaxFiles: blankToUndefined(env.UPLOAD_PENDING_MAX_FILES),
    uploadPendingMaxBytes: blankToUndefined(env.UPLOAD_PENDING_MAX_BYTES),
    seedDemo: blankToUndefined(env.SEED_DEMO) === undefined ? undefined : env.SEED_DEMO !== 'false' && env.SEED_DEMO !== '0',
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    trustProxyHops: blankToUndefined(env.TRUST_PROXY_HOPS),
    embeddedFsync: env.EMBEDDED_FSYNC !== 'false' && env.EMBEDDED_FSYNC !== '0',
    logLevel: blankToUndefined(env.LOG_LEVEL),
    webConcurrency: blankToUndefined(env.WEB_CONCURRENCY),
    databaseStatementTimeoutMs: blankToUndefined(env.DATABASE_STATEMENT_TIMEOUT_MS),
    databaseLockTimeoutMs: blankToUndefined(env.DATABASE_LOCK_TIMEOUT_MS),
    databaseIdleInTransactionTimeoutMs: blankToUndefined(env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS),
    databaseConnectTimeoutMs: blankToUndefined(env.DATABASE_CONNECT_TIMEOUT_MS),
    requestTimeoutMs: blankToUndefined(env.REQUEST_TIMEOUT_MS),
    databasePreparedStatements: env.DATABASE_PREPARED_STATEMENTS !== 'false' && env.DATABASE_PREPARED_STATEMENTS !== '0',
    ...overrides,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
