import type { MessageKey } from '../i18n/index.js';

/** Typed domain errors: services throw these, the one error handler maps them to a status and a page. */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 429,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
  }
}

export const notFound = () => new DomainError(404, 'error.notFound');
export const forbidden = () => new DomainError(403, 'error.forbidden');
/** Someone else changed the record first (stale version or state). */
export const conflict = (key: MessageKey = 'error.conflict') => new DomainError(409, key);

/** Field-level validation failure raised by a service (e.g. a name already taken). */
export class FieldErrors extends Error {
  constructor(readonly fields: Record<string, MessageKey>) {
    super('validation');
  }
}

/** Something an operator must fix before the server can start (the message says what): printed without a stack. */
export class StartupProblem extends Error {
  override name = 'StartupProblem';
}

/** Ends the process with the plain message of a StartupProblem; anything else is rethrown as it is. */
export function exitOnStartupProblem(err: unknown): never {
  if (!(err instanceof StartupProblem)) throw err;
  console.error(`\n${err.message}\n`);
  process.exit(1);
}
