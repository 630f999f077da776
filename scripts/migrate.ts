// `npm run db:migrate`: applies pending migrations and the reference data, then gives the app's role
// its grants. On a server: as MIGRATION_DATABASE_URL's role (the owner), granting DATABASE_URL's role
// (created when missing); with only DATABASE_URL, that one role does everything. Without either: the
// embedded database in DATA_DIR.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/node.js';
import { exitOnStartupProblem } from '../src/lib/errors.js';
import { seedDefaults } from '../seeds/defaults.js';

const database = await openDatabase(loadConfig(process.env), { log: (line) => console.log(line) }).catch(exitOnStartupProblem);
await seedDefaults(database.db);
console.log(`Migrations applied (${database.kind}: ${database.location}).`);
await database.close();
