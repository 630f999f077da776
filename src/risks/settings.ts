import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { DEFAULT_REVIEW_CYCLES, type ReviewCycles } from './rules.js';

const months = z.number().int().min(1).max(36);
export const reviewCyclesSchema = z.object({ red: months, orange: months, yellow: months, blue: months });

/** Months between reviews by level: the stored setting ('riskReview') when present, the defaults otherwise. */
export async function reviewCycles(db: Executor): Promise<ReviewCycles> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'riskReview'));
  const parsed = reviewCyclesSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_REVIEW_CYCLES;
}

export async function saveReviewCycles(db: Executor, cycles: ReviewCycles, now: Date): Promise<void> {
  await db
    .insert(settings)
    .values({ key: 'riskReview', value: cycles, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: cycles, updatedAt: now } });
}
