// `npm run db:seed -- [--demo] [--hazards N] [--seed S]`
//   --demo        the demo organisation, demo accounts and a few hundred hazards (refused on a database
//                 that already has users, and on a DATABASE_URL database unless --yes-demo-on-server)
//   --hazards N   N more generated hazards with their history (needs schools and a supervisor)
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/lib/clock.js';
import { openDatabase } from '../src/db/node.js';
import { exitOnStartupProblem } from '../src/lib/errors.js';
import { localStorage } from '../src/storage/local.js';
import { hasNoUsers, seedDefaults } from '../seeds/defaults.js';
import { seedDemoData } from '../seeds/demo-data.js';
import { loadHazards } from '../seeds/load-hazards.js';
import { copyHazards } from '../seeds/copy-loader.js';

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    hazards: { type: 'string' },
    seed: { type: 'string' },
    'yes-demo-on-server': { type: 'boolean', default: false },
  },
});

const config = loadConfig(process.env);
// Bulk loads set sequences and ANALYZE tables: the owner's work (MIGRATION_DATABASE_URL when set).
const database = await openDatabase(config, { as: 'owner' }).catch(exitOnStartupProblem);
const ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
try {
  await seedDefaults(database.db);
  if (values.demo) {
    if (database.kind === 'server' && !values['yes-demo-on-server']) {
      throw new Error('Refusing to put demo accounts into a PostgreSQL server database. Add --yes-demo-on-server if you really mean it.');
    }
    if (!(await hasNoUsers(database.db))) throw new Error('The database already has users; demo data goes only into an empty database.');
    await seedDemoData(database.db, { storage: localStorage(join(config.dataDir, 'uploads')), now: systemClock.now() });
    console.log('Demo data loaded.');
  }
  if (values.hazards) {
    const count = Number(values.hazards.replace(/_/g, ''));
    if (!Number.isInteger(count) || count <= 0) throw new Error('--hazards needs a positive whole number');
    const started = Date.now();
    let lastReport = 0;
    await loadHazards(database.db, count, {
      seed: values.seed ? Number(values.seed) : undefined,
      // On a PostgreSQL server, COPY with the indexes rebuilt afterwards: minutes instead of an hour for 1M.
      copy: ownerUrl && count >= 5000 ? (generated, progress) => copyHazards(ownerUrl, generated, progress) : undefined,
      onProgress: (done) => {
        if (done - lastReport >= 10_000 || done === count) {
          lastReport = done;
          const rate = Math.round(done / ((Date.now() - started) / 1000));
          console.log(`  ${done.toLocaleString()} / ${count.toLocaleString()} hazards (${rate}/s)`);
        }
      },
    });
    console.log(`${count.toLocaleString()} hazards generated in ${Math.round((Date.now() - started) / 1000)} s.`);
  }
  if (!values.demo && !values.hazards) console.log('Nothing to do: pass --demo and/or --hazards N.');
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await database.close();
}
