/** The name of the unique constraint a failed insert/update broke, or null for any other error. */
export function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { code?: string; constraint?: string; constraint_name?: string; message?: string };
    if (candidate.code === '23505') {
      return candidate.constraint ?? candidate.constraint_name ?? /constraint "([^"]+)"/.exec(candidate.message ?? '')?.[1] ?? '';
    }
  }
  return null;
}
