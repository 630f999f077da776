// The embedded database after a kill -9 during the first-start demo seeding (issue 12, items 7 and 8).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/rows.js';
import { openPglite } from '../../src/db/pglite.js';
import { DEMO_HAZARDS } from '../../seeds/demo-data.js';
import { DEMO_USERS } from '../../seeds/demo.js';
import { report, startServer, stopServer } from './support.js';

/** The node process `npm start` exec'd into (npm's only child). */
const serverPid = (npmPid: number) => Number(execFileSync('pgrep', ['-P', String(npmPid)]).toString().trim().split('\n')[0]);

describe('first-start demo seeding', () => {
  it('killed halfway leaves no half-seeded database: the next start seeds it completely, durably', { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-fault-seed-'));
    try {
      const first = await startServer({ DATA_DIR: dataDir, SEED_DEMO: 'true' }, { waitFor: 'First start: filling the database', timeoutMs: 120_000 });
      await new Promise((r) => setTimeout(r, 1000)); // into the seeding (a few seconds in all here)
      process.kill(serverPid(first.child.pid!), 'SIGKILL');
      await first.exited;
      expect(first.output()).not.toContain('is running at');

      const second = await startServer({ DATA_DIR: dataDir, SEED_DEMO: 'true' }, { timeoutMs: 180_000 });
      expect(second.output()).toContain('Removed a stale lock file');
      expect(second.output()).toContain('First start: filling the database'); // seeded again from empty
      expect(await stopServer(second)).toBe(0);

      const handle = await openPglite(join(dataDir, 'pgdata'));
      try {
        const count = async (table: string) => Number(rowsOf<{ n: number }>(await handle.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n);
        const figures = { hazards: await count('hazards'), users: await count('users'), meetings: await count('meetings'), events: await count('events') };
        report('kill -9 during first-start seeding', { ...figures, durable: String(handle.durable) });
        expect(figures.hazards).toBe(DEMO_HAZARDS);
        expect(figures.users).toBe(DEMO_USERS.length);
        expect(figures.meetings).toBe(3);
        expect(handle.durable).toBe(true);
        expect(rowsOf<{ fsync: string }>(await handle.db.execute(sql`SHOW fsync`))[0]!.fsync).toBe('on');
      } finally {
        await handle.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
