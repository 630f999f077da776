// `npm run backup -- [--out FILE] [--uploads DIR]`: one archive with the database (pg_dump for
// DATABASE_URL; the embedded database's own dump otherwise, asked from the running server if there is
// one) and the uploaded files (DATA_DIR/uploads, or DIR: e.g. a local copy of the R2 bucket).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackup, describeBackup } from '../src/backup/archive.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/lib/clock.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, uploads: { type: 'string' } } });
const config = loadConfig(process.env);
const now = systemClock.now();
const out = values.out ?? join('backups', `campus-safety-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar.gz`);
mkdirSync(dirname(out), { recursive: true });
try {
  const manifest = await createBackup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, uploadsDir: values.uploads ?? join(config.dataDir, 'uploads') }, out, now);
  console.log(`Backup written to ${out}: ${describeBackup(manifest)}`);
} catch (err) {
  console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
