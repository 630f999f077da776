import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { DEFAULT_SCORING, type ScoringConfig } from './scoring.js';

const band = z.object({ min: z.number(), exclusive: z.boolean().optional() });
const bands = z.object({ red: band, orange: band, yellow: band });
export const scoringConfigSchema = z.object({ method: z.enum(['matrix', 'lec']), matrix: bands, lec: bands });

/** The scoring method and thresholds: stored configuration when present, the documented defaults otherwise. */
export async function scoringConfig(db: Executor): Promise<ScoringConfig> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'scoring'));
  const parsed = scoringConfigSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_SCORING;
}

export async function saveScoringConfig(db: Executor, config: ScoringConfig): Promise<void> {
  await db
    .insert(settings)
    .values({ key: 'scoring', value: config })
    .onConflictDoUpdate({ target: settings.key, set: { value: config, updatedAt: new Date() } });
}
