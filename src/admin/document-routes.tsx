import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../env.js';
import { recordEvent } from '../lib/events.js';
import { setFlash } from '../lib/flash.js';
import { readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, seeOther } from '../lib/http.js';
import { isValidPrefix, MAX_PREFIX_LENGTH, type DocumentKind } from '../documents/numbering.js';
import { suggestNumber } from '../documents/service.js';
import { documentSettings, saveDocumentSettings, type DocumentSettings } from '../documents/settings.js';
import { DocumentSettingsPage } from '../../views/admin/documents.js';
import { renderPage } from '../../views/render.js';

const prefix = z.string({ error: 'validation.required' }).trim().max(MAX_PREFIX_LENGTH, 'documents.error.prefix').refine(isValidPrefix, 'documents.error.prefix');
const line = (max: number) => z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong');

const schema = z
  .object({
    prefixMinutes: prefix,
    prefixOrder: prefix,
    mastheadMinutes: line(60),
    mastheadOrder: line(60),
    issuer: line(60),
    copyTo: z.string().trim().max(200, 'validation.tooLong').optional().default(''),
    printedBy: line(60),
  })
  .superRefine((v, ctx) => {
    // Numbers of different kinds must never read alike.
    if (v.prefixMinutes === v.prefixOrder) ctx.addIssue({ code: 'custom', path: ['prefixOrder'], message: 'documents.error.sameprefix' });
  });

function toValues(s: DocumentSettings): FormValues {
  return { prefixMinutes: s.prefixes.minutes, prefixOrder: s.prefixes.order, mastheadMinutes: s.mastheads.minutes, mastheadOrder: s.mastheads.order, issuer: s.issuer, copyTo: s.copyTo, printedBy: s.printedBy };
}

async function page(c: AppContext, form: { values: FormValues; errors?: FieldErrorMap }, status: 200 | 422 = 200) {
  const now = c.get('deps').clock.now();
  const next = Object.fromEntries(await Promise.all((['minutes', 'order'] as const).map(async (k) => [k, await suggestNumber(c.get('db'), k, now)]))) as Record<DocumentKind, string>;
  return renderPage(c, c.get('t')('documents.title'), <DocumentSettingsPage form={form} next={next} />, status);
}

/**
 * /admin/documents: the number prefix of each kind of official document, the mastheads, the issuing
 * body and the 版记 lines. A changed prefix applies to the next number; numbers given stay as they are.
 */
export function mountDocumentSettings(app: Hono<AppEnv>) {
  app.get('/documents', async (c) => page(c, { values: toValues(await documentSettings(c.get('db'))) }));

  app.post('/documents', async (c) => {
    const parsed = validate(schema, await readForm(c));
    if (!parsed.ok) return page(c, parsed, 422);
    const d = parsed.data;
    const value: DocumentSettings = {
      prefixes: { minutes: d.prefixMinutes, order: d.prefixOrder },
      mastheads: { minutes: d.mastheadMinutes, order: d.mastheadOrder },
      issuer: d.issuer,
      copyTo: d.copyTo,
      printedBy: d.printedBy,
    };
    await c.get('db').transaction(async (tx) => {
      const before = await documentSettings(tx);
      await saveDocumentSettings(tx, value, c.get('deps').clock.now());
      await recordEvent(tx, actorOf(c), { entityType: 'setting', entityId: 'documents', action: 'updated', data: { from: before, to: value } });
    });
    setFlash(c, 'flash.saved');
    return seeOther(c, '/admin/documents');
  });
}
