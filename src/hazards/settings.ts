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

/** How long a report may wait for verification before it counts as overdue for it (days). */
export const DEFAULT_VERIFY_OVERDUE_DAYS = 3;
const verificationSchema = z.object({ overdueDays: z.number().int().min(1).max(60) });

export async function verifyOverdueDays(db: Executor): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'verification'));
  const parsed = verificationSchema.safeParse(row?.value);
  return parsed.success ? parsed.data.overdueDays : DEFAULT_VERIFY_OVERDUE_DAYS;
}

export async function saveVerifyOverdueDays(db: Executor, overdueDays: number, now: Date): Promise<void> {
  const value = { overdueDays };
  await db
    .insert(settings)
    .values({ key: 'verification', value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
}
