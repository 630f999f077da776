// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/node.js';
import { exitOnStartupProblem } from '../src/lib/errors.js';
import { seedDefaults } from '../seeds/defaults.js';

const database = await openDatabase(loadConfig(process.env)).catch(exitOnStartupProblem);
await seedDefaults(database.db);
console.log(`Migrations applied (${database.kind}: ${database.location}).`);
await database.close();
