import type { Db } from '../src/db/types.js';
import { seedDemoOrganisation } from './demo.js';

/** Everything the demo shows: the organisation and accounts (hazards and meetings are added as they land). */
export async function seedDemoData(db: Db): Promise<void> {
  await seedDemoOrganisation(db);
}
