import type { Db } from '../src/db/types.js';
import type { FileStorage } from '../src/storage/types.js';
import { seedDemoOrganisation } from './demo.js';
import { loadHazards } from './load-hazards.js';
import { seedDemoMeetings } from './demo-meetings.js';
import { seedDemoRisks } from './demo-risks.js';

export const DEMO_HAZARDS = 300;

/**
 * Everything the demo shows: the organisation and accounts, a living register with history, meetings and
 * resolutions. One transaction (the steps' own transactions become savepoints): a start killed halfway
 * leaves the database empty, so the next start sees no users and seeds again, instead of a half-seeded
 * database that is never completed. The placeholder images are written again each time (same keys).
 */
export async function seedDemoData(db: Db, options: { storage?: FileStorage; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const inTx = tx as unknown as Db;
    await seedDemoOrganisation(inTx);
    await loadHazards(inTx, DEMO_HAZARDS, { storage: options.storage, spanDays: 240, now: options.now });
    // Risks before meetings: the held meeting assessed a point, and the coming ones propose points to assess.
    await seedDemoRisks(inTx, options.now);
    await seedDemoMeetings(inTx, options.now);
  });
}
