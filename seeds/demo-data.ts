import type { Db } from '../src/db/types.js';
import type { FileStorage } from '../src/storage/types.js';
import { seedDemoOrganisation } from './demo.js';
import { loadHazards } from './load-hazards.js';
import { seedDemoMeetings } from './demo-meetings.js';

export const DEMO_HAZARDS = 300;

/** Everything the demo shows: the organisation and accounts, a living register with history, meetings and resolutions. */
export async function seedDemoData(db: Db, options: { storage?: FileStorage; now: Date }): Promise<void> {
  await seedDemoOrganisation(db);
  await loadHazards(db, DEMO_HAZARDS, { storage: options.storage, spanDays: 240, now: options.now });
  await seedDemoMeetings(db, options.now);
}
