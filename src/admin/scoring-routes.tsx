import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { recordEvent } from '../lib/events.js';
import { setFlash } from '../lib/flash.js';
import { readForm, validate, type FormValues } from '../lib/forms.js';
import { actorOf, seeOther } from '../lib/http.js';
import { oneOf } from '../lib/form-fields.js';
import { saveScoringConfig, saveVerifyOverdueDays, scoringConfig, verifyOverdueDays } from '../hazards/settings.js';
import type { ScoringConfig } from '../hazards/scoring.js';
import { reviewCycles, saveReviewCycles } from '../risks/settings.js';
import type { ReviewCycles } from '../risks/rules.js';
import { ScoringPage } from '../../views/admin/scoring.js';
import { renderPage } from '../../views/render.js';

const cycleMonths = z.coerce.number({ error: 'validation.number' }).int('validation.number').min(1, 'validation.number').max(36, 'validation.number');

const threshold = z.coerce.number({ error: 'validation.number' }).positive('validation.number').max(100_000, 'validation.number');

/** The form: the method, and the floors of red/orange/yellow for each method (each band above the next). */
const scoringSchema = z
  .object({
    method: oneOf(['matrix', 'lec'] as const),
    matrixRed: threshold,
    matrixOrange: threshold,
    matrixYellow: threshold,
    lecRed: threshold,
    lecRedExclusive: z.string().optional(),
    lecOrange: threshold,
    lecYellow: threshold,
    // Left out (an older form): the setting stays as it is.
    verifyOverdueDays: z.coerce.number({ error: 'validation.number' }).int('validation.number').min(1, 'validation.number').max(60, 'validation.number').optional(),
    // Months between reviews of a risk point by level (an older form leaves them out: unchanged).
    reviewRed: cycleMonths.optional(),
    reviewOrange: cycleMonths.optional(),
    reviewYellow: cycleMonths.optional(),
    reviewBlue: cycleMonths.optional(),
  })
  .superRefine((v, ctx) => {
    for (const m of ['matrix', 'lec'] as const) {
      if (!(v[`${m}Red`] > v[`${m}Orange`])) ctx.addIssue({ code: 'custom', path: [`${m}Red`], message: 'scoring.orderRed' });
      if (!(v[`${m}Orange`] > v[`${m}Yellow`])) ctx.addIssue({ code: 'custom', path: [`${m}Orange`], message: 'scoring.orderOrange' });
    }
  });

function toValues(c: ScoringConfig, verifyDays: number, cycles: ReviewCycles): FormValues {
  return {
    verifyOverdueDays: String(verifyDays),
    reviewRed: String(cycles.red),
    reviewOrange: String(cycles.orange),
    reviewYellow: String(cycles.yellow),
    reviewBlue: String(cycles.blue),
    method: c.method,
    matrixRed: String(c.matrix.red.min),
    matrixOrange: String(c.matrix.orange.min),
    matrixYellow: String(c.matrix.yellow.min),
    lecRed: String(c.lec.red.min),
    lecRedExclusive: c.lec.red.exclusive ? 'on' : '',
    lecOrange: String(c.lec.orange.min),
    lecYellow: String(c.lec.yellow.min),
  };
}

/**
 * /admin/scoring: the risk scoring method and thresholds, how long a report may wait for verification,
 * and how often a risk point is reviewed at each level are configuration the administrator sets.
 */
export function mountScoring(app: Hono<AppEnv>) {
  app.get('/scoring', async (c) => renderPage(c, c.get('t')('scoring.title'), <ScoringPage form={{ values: toValues(await scoringConfig(c.get('db')), await verifyOverdueDays(c.get('db')), await reviewCycles(c.get('db'))) }} />));

  app.post('/scoring', async (c) => {
    const parsed = validate(scoringSchema, await readForm(c));
    if (!parsed.ok) return renderPage(c, c.get('t')('scoring.title'), <ScoringPage form={parsed} />, 422);
    const d = parsed.data;
    const config: ScoringConfig = {
      method: d.method,
      matrix: { red: { min: d.matrixRed }, orange: { min: d.matrixOrange }, yellow: { min: d.matrixYellow } },
      lec: { red: { min: d.lecRed, exclusive: d.lecRedExclusive === 'on' }, orange: { min: d.lecOrange }, yellow: { min: d.lecYellow } },
    };
    await c.get('db').transaction(async (tx) => {
      const before = await scoringConfig(tx);
      await saveScoringConfig(tx, config);
      await recordEvent(tx, actorOf(c), { entityType: 'setting', entityId: 'scoring', action: 'updated', data: { from: before, to: config } });
      const days = await verifyOverdueDays(tx);
      if (d.verifyOverdueDays !== undefined && days !== d.verifyOverdueDays) {
        await saveVerifyOverdueDays(tx, d.verifyOverdueDays, c.get('deps').clock.now());
        await recordEvent(tx, actorOf(c), { entityType: 'setting', entityId: 'verification', action: 'updated', data: { from: { overdueDays: days }, to: { overdueDays: d.verifyOverdueDays } } });
      }
      const cycles = await reviewCycles(tx);
      const asked = { red: d.reviewRed ?? cycles.red, orange: d.reviewOrange ?? cycles.orange, yellow: d.reviewYellow ?? cycles.yellow, blue: d.reviewBlue ?? cycles.blue };
      if ((['red', 'orange', 'yellow', 'blue'] as const).some((level) => asked[level] !== cycles[level])) {
        await saveReviewCycles(tx, asked, c.get('deps').clock.now());
        await recordEvent(tx, actorOf(c), { entityType: 'setting', entityId: 'riskReview', action: 'updated', data: { from: cycles, to: asked } });
      }
    });
    setFlash(c, 'scoring.flash.saved');
    return seeOther(c, '/admin/scoring');
  });
}
