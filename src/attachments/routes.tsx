import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../env.js';
import type { MessageKey } from '../i18n/index.js';
import { readFormBody } from '../lib/forms.js';
import { currentUser } from '../lib/http.js';
import { contentDisposition, type AttachmentError } from './files.js';
import { attachmentForUser, storeAttachments, type AttachmentRow } from './service.js';

export const attachmentRoutes = new Hono<AppEnv>();

const MESSAGES: Record<AttachmentError, MessageKey> = {
  tooLarge: 'attachment.tooLarge',
  notAllowed: 'attachment.notAllowed',
  tooMany: 'attachment.tooMany',
  tooManyPixels: 'attachment.tooManyPixels',
};

export type FormUpload = { ok: true; stored: AttachmentRow[] } | { ok: false; status: 413 | 422; error: MessageKey };

/**
 * Stores the files chosen in a form's `files` input (all or none). The form's text is read separately
 * (readForm); a refused upload becomes the message shown at the file field.
 */
export async function uploadFormFiles(c: AppContext): Promise<FormUpload> {
  const files = (await readFormBody(c)).files.files ?? [];
  const result = await storeAttachments(c.get('db'), c.get('deps').storage, currentUser(c), files, c.get('deps').config.maxImagePixels);
  if (!result.ok) return { ok: false, status: result.error === 'tooLarge' ? 413 : 422, error: MESSAGES[result.error] };
  return { ok: true, stored: result.attachments };
}

attachmentRoutes.get('/attachments/:id', async (c) => {
  const file = await attachmentForUser(c.get('db'), currentUser(c), c.req.param('id'));
  if (!file) return c.notFound();
  const stored = await c.get('deps').storage.get(file.storageKey);
  if (!stored) return c.notFound();
  c.header('Content-Type', file.contentType);
  c.header('Content-Disposition', contentDisposition(file.fileName));
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(stored.bytes as Uint8Array<ArrayBuffer>);
});
