/** The constraint a failed statement broke, when the database error has the given SQLSTATE code. */
function violatedConstraint(err: unknown, code: string): string | null {
  // drizzle wraps the driver's error; the SQLSTATE is on the cause.
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { code?: string; constraint?: string; constraint_name?: string; message?: string };
    if (candidate.code === code) {
      return candidate.constraint ?? candidate.constraint_name ?? /constraint "([^"]+)"/.exec(candidate.message ?? '')?.[1] ?? '';
    }
  }
  return null;
}

/** The name of the unique constraint a failed insert/update broke, or null for any other error. */
export const uniqueViolation = (err: unknown): string | null => violatedConstraint(err, '23505');

/** The name of the foreign key a failed insert/update broke (a chosen record does not exist), or null. */
export const foreignKeyViolation = (err: unknown): string | null => violatedConstraint(err, '23503');

/** The form field a constraint concerns: drizzle names foreign keys <table>_<column>_<target>_fk. */
export function fieldOfConstraint(constraint: string, fields: string[]): string | undefined {
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
  return fields.find((f) => constraint.includes(`_${snake(f)}_`));
}
