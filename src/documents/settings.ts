import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { DEFAULT_PREFIXES, isValidPrefix, type DocumentKind } from './numbering.js';

/**
 * What the administrator sets for official documents: the number prefix of each kind, the red masthead
 * (发文机关标志) each kind prints under, the issuing body signing it (发文机关署名), and the 版记 lines
 * (抄送, 印发机关). Stored in `settings` under 'documents'.
 */
export interface DocumentSettings {
  prefixes: Record<DocumentKind, string>;
  mastheads: Record<DocumentKind, string>;
  issuer: string;
  copyTo: string;
  printedBy: string;
}

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = {
  prefixes: DEFAULT_PREFIXES,
  mastheads: { minutes: '浈江区校园安全工作联席会议纪要', order: '浈江区教育局' },
  issuer: '浈江区教育局',
  copyTo: '区委政法委，区政府办公室',
  printedBy: '浈江区教育局办公室',
};

const prefix = z.string().refine(isValidPrefix);
const line = z.string().max(60);
const storedSchema = z.object({
  prefixes: z.object({ minutes: prefix, order: prefix }),
  mastheads: z.object({ minutes: line.min(1), order: line.min(1) }),
  issuer: line.min(1),
  copyTo: z.string().max(200),
  printedBy: line.min(1),
});

export async function documentSettings(db: Executor): Promise<DocumentSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'documents'));
  const parsed = storedSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_DOCUMENT_SETTINGS;
}

export async function saveDocumentSettings(db: Executor, value: DocumentSettings, now: Date): Promise<void> {
  await db
    .insert(settings)
    .values({ key: 'documents', value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
}
