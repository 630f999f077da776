import { and, eq, sql } from 'drizzle-orm';
import { documentNumbers } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { uniqueViolation } from '../lib/db-errors.js';
import { FieldErrors } from '../lib/errors.js';
import { shanghaiWallClock } from '../lib/shanghai-time.js';
import { formatDocumentNumber, nextSequence, parseDocumentNumber, type DocumentKind } from './numbering.js';
import { documentSettings } from './settings.js';

/** The year a document issued at `now` carries: the calendar year in Shanghai (31 Dec 17:00 UTC is already next year). */
export const documentYear = (now: Date): number => shanghaiWallClock(now).year;

async function highestSeq(db: Executor, kind: DocumentKind, year: number): Promise<number | null> {
  const [row] = await db
    .select({ max: sql<number | null>`max(${documentNumbers.seq})` })
    .from(documentNumbers)
    .where(and(eq(documentNumbers.kind, kind), eq(documentNumbers.year, year)));
  return row?.max === null || row?.max === undefined ? null : Number(row.max);
}

/** The number the next document of the kind would get now (offered in the form; taken only at issue). */
export async function suggestNumber(db: Executor, kind: DocumentKind, now: Date): Promise<string> {
  const { prefixes } = await documentSettings(db);
  const year = documentYear(now);
  return formatDocumentNumber(prefixes[kind], { year, seq: nextSequence(await highestSeq(db, kind, year)) });
}

function readTyped(prefix: string, year: number, typed: string) {
  const read = parseDocumentNumber(prefix, typed);
  if (!read) throw new FieldErrors({ documentNumber: 'document.error.pattern' });
  if (read.year !== year) throw new FieldErrors({ documentNumber: 'document.error.year' });
  return read;
}

/**
 * What is wrong with a number typed for a document of the kind issued now (pattern, year, already
 * given), checked before the "cannot be changed after issue" question; throws FieldErrors.
 */
export async function checkTypedNumber(db: Executor, kind: DocumentKind, now: Date, typed: string): Promise<void> {
  const { prefixes } = await documentSettings(db);
  const number = formatDocumentNumber(prefixes[kind], readTyped(prefixes[kind], documentYear(now), typed));
  const [taken] = await db.select({ number: documentNumbers.number }).from(documentNumbers).where(eq(documentNumbers.number, number));
  if (taken) throw new FieldErrors({ documentNumber: 'validation.taken' });
}

/**
 * Takes a number for a document being issued, inside the issuing transaction: the one typed (it must
 * match the kind's pattern with this year; 422 on `documentNumber` otherwise) or, when none was typed,
 * the next of the kind and year. The document_numbers table makes every number unique across kinds
 * (primary key) and each sequence unique within its kind and year; a clash is a 422 on the field too.
 * Must run inside the issuing transaction (the lock it takes is released when that ends).
 */
export async function takeNumber(tx: Executor, kind: DocumentKind, now: Date, typed: string): Promise<string> {
  const { prefixes } = await documentSettings(tx);
  const year = documentYear(now);
  // One issuer of a kind and year at a time, until its transaction ends: the highest sequence read next
  // is then the last one committed, so documents issued at the same moment never reach for the same number.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`document_numbers:${kind}:${year}`}))`);
  const parts = typed.trim() ? readTyped(prefixes[kind], year, typed) : { year, seq: nextSequence(await highestSeq(tx, kind, year)) };
  const number = formatDocumentNumber(prefixes[kind], parts);
  const taken = await tx.insert(documentNumbers).values({ number, kind, year: parts.year, seq: parts.seq, takenAt: now }).onConflictDoNothing().returning({ number: documentNumbers.number });
  if (taken.length === 0) throw new FieldErrors({ documentNumber: 'validation.taken' });
  return number;
}

/**
 * Runs an issuing transaction again should a generated number still clash (the lock in takeNumber makes
 * that unexpected; the unique indexes stay the last word). A number typed by hand is not retried: its
 * clash is the user's to fix.
 */
export async function withFreshNumber<T>(db: Db, typed: string, run: (db: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(db);
    } catch (err) {
      const clash = err instanceof FieldErrors && err.fields.documentNumber === 'validation.taken' && !typed.trim();
      if ((!clash && uniqueViolation(err) !== 'document_numbers_kind_year_seq_uq') || attempt >= 3) throw err;
    }
  }
}
