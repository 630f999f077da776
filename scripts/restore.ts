// `npm run restore -- FILE [--uploads DIR]`: brings a backup back into an EMPTY database (DATABASE_URL:
// a new database; unset: a new DATA_DIR) and an empty uploads directory (DATA_DIR/uploads, or DIR),
// then checks that the restored database holds what the archive says.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COUNTED_TABLES, describeBackup, restoreBackup } from '../src/backup/archive.js';
import { loadConfig } from '../src/config.js';

const { values, positionals } = parseArgs({ options: { uploads: { type: 'string' } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error('Usage: npm run restore -- BACKUP.tar.gz [--uploads DIR]   (into an empty DATABASE_URL database or a new DATA_DIR)');
  process.exit(2);
}
const config = loadConfig(process.env);
try {
  const { manifest, counts } = await restoreBackup(positionals[0]!, { databaseUrl: config.databaseUrl, dataDir: config.dataDir, uploadsDir: values.uploads ?? join(config.dataDir, 'uploads') });
  const differ = COUNTED_TABLES.filter((t) => counts[t] !== manifest.counts[t]);
  if (differ.length) throw new Error(`the restored database differs from the backup: ${differ.map((t) => `${t} ${counts[t]} instead of ${manifest.counts[t]}`).join(', ')}`);
  console.log(`Restored ${describeBackup(manifest)}.`);
  console.log(config.databaseUrl ? 'Start the server with this DATABASE_URL.' : `Start the server with DATA_DIR=${config.dataDir}.`);
} catch (err) {
  console.error(`Restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
