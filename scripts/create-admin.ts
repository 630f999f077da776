// `npm run admin:create -- --username NAME [--name "显示名"]`: the first administrator of a real deployment.
// The password is asked for on the terminal (or taken from ADMIN_PASSWORD); it must be changed at first sign-in.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/node.js';
import { exitOnStartupProblem } from '../src/lib/errors.js';
import { createUser } from '../src/admin/users.js';
import { FieldErrors } from '../src/lib/errors.js';
import { translator } from '../src/i18n/index.js';
import { seedDefaults } from '../seeds/defaults.js';

const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' } } });
if (!values.username) {
  console.error('Usage: npm run admin:create -- --username NAME [--name "显示名"]');
  process.exit(2);
}
let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question('Temporary password (at least 10 characters): ');
  rl.close();
}
const database = await openDatabase(loadConfig(process.env)).catch(exitOnStartupProblem);
try {
  await seedDefaults(database.db);
  await createUser(database.db, { userId: null, requestId: 'cli' }, {
    username: values.username,
    displayName: values.name ?? values.username,
    role: 'admin',
    schoolId: null,
    departmentId: null,
    phone: '',
    password,
  });
  console.log(`Administrator "${values.username}" created. They must choose a new password at first sign-in.`);
} catch (err) {
  const t = translator('en');
  if (err instanceof FieldErrors) console.error(Object.entries(err.fields).map(([f, k]) => `${f}: ${t(k)}`).join('\n'));
  else console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await database.close();
}
