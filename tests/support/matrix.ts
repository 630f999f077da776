/**
 * The authorization matrix: every route of the app × every kind of user, with the status each must get.
 * tests/http/authorization-matrix.test.ts runs it and also fails when a registered route has no row here.
 *
 * Adding a route: add a row with one of the helpers below (publicRoute, signedIn, home, rolesOnly,
 * adminOnly, adminResource) or a hand-written `row()` when the statuses differ per actor. Paths may hold
 * `:name` placeholders (e.g. '/admin/schools/:schoolId'); the test resolves them from its fixture.
 *
 * Conventions of the app (src/auth/middleware.ts authorizeMiddleware): an anonymous GET is redirected to
 * /login (302), an anonymous POST is refused (403), a signed-in user without the permission gets 403. A
 * POST that passes authorization answers with its own status, e.g. 422 for the deliberately empty body
 * most rows send (so nothing is created), or 303 after a successful action.
 */
import { HAZARD_ACTION_PATHS } from '../../src/policy.js';
import type { FormInput } from './app.js';

export const ACTORS = ['anonymous', 'officer', 'officerOther', 'department', 'departmentOther', 'supervisor', 'admin', 'leader'] as const;
export type Actor = (typeof ACTORS)[number];
export type SignedInActor = Exclude<Actor, 'anonymous'>;
export type RoleName = 'officer' | 'department' | 'supervisor' | 'admin' | 'leader';
export type Method = 'GET' | 'POST';

/** Which actors hold each role ("own" and "other" variants of the record-scoped roles). */
export const ACTORS_OF_ROLE: Record<RoleName, SignedInActor[]> = {
  officer: ['officer', 'officerOther'],
  department: ['department', 'departmentOther'],
  supervisor: ['supervisor'],
  admin: ['admin'],
  leader: ['leader'],
};

export const ROLE_OF_ACTOR: Record<SignedInActor, RoleName> = {
  officer: 'officer',
  officerOther: 'officer',
  department: 'department',
  departmentOther: 'department',
  supervisor: 'supervisor',
  admin: 'admin',
  leader: 'leader',
};

export interface MatrixRow {
  method: Method;
  /** the path requested; `:name` segments are placeholders filled from the test's fixture */
  path: string;
  /** the route pattern, exactly as in ROUTE_RULES (`${method} ${pattern}` is the rule key) */
  pattern: string;
  /** the status each actor must get */
  expected: Record<Actor, number>;
  /** form body of a POST (urlencoded); by default empty */
  body?: FormInput;
  /** optional Location checks for redirects, per actor */
  location?: Partial<Record<Actor, string | RegExp>>;
  /** why the row exists, when it is not obvious (shown in the test name) */
  note?: string;
  /**
   * A known defect in src/ makes this row fail: the test runs it with `it.fails` (so it turns red once
   * fixed, reminding to remove the marker). Say where the bug is.
   */
  knownBug?: string;
}

interface RowOptions {
  /** concrete path (with placeholders) when it differs from the pattern */
  path?: string;
  body?: FormInput;
  location?: Partial<Record<Actor, string | RegExp>>;
  note?: string;
  knownBug?: string;
}

/** Where an anonymous request lands: GET → the sign-in page, anything else → 403. */
export const anonymousStatus = (method: Method) => (method === 'GET' ? 302 : 403);
const LOGIN_REDIRECT = /^\/login\?next=/;

function build(method: Method, pattern: string, expected: Record<Actor, number>, options: RowOptions = {}): MatrixRow {
  const location: Partial<Record<Actor, string | RegExp>> = { ...options.location };
  if (expected.anonymous === 302 && method === 'GET' && !location.anonymous) location.anonymous = LOGIN_REDIRECT;
  return {
    method,
    path: options.path ?? pattern,
    pattern,
    expected,
    body: options.body,
    location: Object.keys(location).length ? location : undefined,
    note: options.note,
    knownBug: options.knownBug,
  };
}

/** A row with every status written out. */
export function row(method: Method, pattern: string, expected: Record<Actor, number>, options?: RowOptions): MatrixRow {
  return build(method, pattern, expected, options);
}

/** Everyone, signed in or not, gets `status`. */
export function publicRoute(method: Method, pattern: string, status: number, options?: RowOptions): MatrixRow {
  return build(method, pattern, Object.fromEntries(ACTORS.map((a) => [a, status])) as Record<Actor, number>, options);
}

/** Only the listed roles get `status`; other signed-in users 403, anonymous 302 (GET) or 403. */
export function rolesOnly(roles: RoleName[], method: Method, pattern: string, status: number, options?: RowOptions): MatrixRow {
  const allowed = new Set(roles.flatMap((r) => ACTORS_OF_ROLE[r]));
  const expected = Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? anonymousStatus(method) : allowed.has(a) ? status : 403]),
  ) as Record<Actor, number>;
  return build(method, pattern, expected, options);
}

/**
 * A route about one record: actors without the role get 403 (anonymous 302/403); actors with the role get
 * `status` when they may see the record (`viewers`) and 404 otherwise — a record one may not see looks
 * exactly like one that does not exist.
 */
export function recordScoped(roles: RoleName[], viewers: SignedInActor[], method: Method, pattern: string, status: number, options?: RowOptions): MatrixRow {
  const allowed = new Set(roles.flatMap((r) => ACTORS_OF_ROLE[r]));
  const sees = new Set(viewers);
  const expected = Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? anonymousStatus(method) : !allowed.has(a) ? 403 : sees.has(a) ? status : 404]),
  ) as Record<Actor, number>;
  return build(method, pattern, expected, options);
}

/** Any signed-in user gets `status`; anonymous 302 (GET) or 403. */
export function signedIn(method: Method, pattern: string, status: number, options?: RowOptions): MatrixRow {
  return rolesOnly(['officer', 'department', 'supervisor', 'admin', 'leader'], method, pattern, status, options);
}

/** Same statuses as signedIn (the difference — a pending password change — is tested separately). */
export const home = signedIn;

export function adminOnly(method: Method, pattern: string, status: number, options?: RowOptions): MatrixRow {
  return rolesOnly(['admin'], method, pattern, status, options);
}

/**
 * The rows of one generic admin resource (src/admin/resource-routes.tsx, user-routes.tsx): list, new form,
 * create, edit form, update, deactivate, activate and any extra POST actions. `idKey` names the fixture
 * placeholder of an existing record; `missingId` is an id that does not exist (404 for the admin only).
 */
export function adminResource(
  base: string,
  idKey: string,
  options: { missingId: string; extraActions?: Array<{ action: string; status: number; body?: FormInput }> },
): MatrixRow[] {
  const id = `${base}/:${idKey}`;
  const rows = [
    adminOnly('GET', base, 200),
    adminOnly('GET', base, 200, { path: `${base}?q=zz&status=all`, note: 'with filters' }),
    adminOnly('GET', `${base}/new`, 200),
    adminOnly('POST', base, 422, { body: { name: '' }, note: 'empty form' }),
    adminOnly('GET', `${base}/:id`, 200, { path: id }),
    adminOnly('GET', `${base}/:id`, 404, { path: `${base}/${options.missingId}`, note: 'unknown id: 404 for the admin, nothing revealed to others' }),
    adminOnly('POST', `${base}/:id`, 422, { path: id, body: { version: '1' }, note: 'empty form' }),
    adminOnly('POST', `${base}/:id/deactivate`, 303, { path: `${id}/deactivate` }),
    adminOnly('POST', `${base}/:id/activate`, 303, { path: `${id}/activate` }),
    adminOnly('POST', `${base}/:id/deactivate`, 404, { path: `${base}/${options.missingId}/deactivate`, note: 'unknown id' }),
  ];
  for (const extra of options.extraActions ?? []) {
    rows.push(adminOnly('POST', `${base}/:id/${extra.action}`, extra.status, { path: `${id}/${extra.action}`, body: extra.body }));
  }
  return rows;
}

const MISSING_INT = '999999';
const HAZARD_READ: RoleName[] = ['officer', 'department', 'supervisor', 'leader'];
const HAZARD_REPORT: RoleName[] = ['officer', 'department', 'supervisor'];
const HAZARD_WORK: RoleName[] = ['officer', 'department', 'supervisor'];
const INBOX: RoleName[] = ['officer', 'department', 'supervisor', 'leader'];
/** Who may see the fixture hazard (an unassigned report of `officer`'s school). */
const HAZARD_VIEWERS: SignedInActor[] = ['officer', 'supervisor', 'leader'];
const MEETING_READ: RoleName[] = ['department', 'supervisor', 'leader'];
const MEETING_VIEWERS: SignedInActor[] = ['department', 'supervisor', 'leader'];
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const RISK_READ: RoleName[] = ['officer', 'department', 'supervisor', 'leader'];
const RISK_KEEP: RoleName[] = ['officer', 'supervisor'];
/** Who may see the fixture risk point: its school's officer, its responsible unit, the supervisor and the leader. */
const RISK_VIEWERS: SignedInActor[] = ['officer', 'department', 'supervisor', 'leader'];
const RISK_KEEPERS: SignedInActor[] = ['officer', 'supervisor'];

/**
 * Who may take each hazard action (by policy, not by the hazard's state) on the two fixture hazards:
 * - reported (:hazardId): reported by `officer` for their school, not assigned — seen by officer,
 *   supervisor and leader;
 * - assigned (:assignedHazardId): same school, in progress, led by `department`'s unit (PSB) — seen by
 *   officer, department, supervisor and leader.
 */
const MAY_ACT: Record<(typeof HAZARD_ACTION_PATHS)[number], { reported: SignedInActor[]; assigned: SignedInActor[] }> = {
  withdraw: { reported: ['officer'], assigned: ['officer'] },
  dismiss: { reported: ['supervisor'], assigned: ['supervisor'] },
  verify: { reported: ['supervisor'], assigned: ['supervisor'] },
  'fix-on-spot': { reported: ['supervisor', 'officer'], assigned: ['supervisor', 'officer'] },
  assign: { reported: ['supervisor'], assigned: ['supervisor'] },
  plan: { reported: ['supervisor'], assigned: ['supervisor', 'department'] },
  start: { reported: [], assigned: ['department'] },
  progress: { reported: [], assigned: ['department'] },
  support: { reported: [], assigned: [] },
  control: { reported: [], assigned: ['department'] },
  resume: { reported: [], assigned: ['department'] },
  extension: { reported: [], assigned: ['department'] },
  'extension-decision': { reported: ['supervisor'], assigned: ['supervisor'] },
  complete: { reported: [], assigned: ['department'] },
  accept: { reported: ['supervisor'], assigned: ['supervisor'] },
  reject: { reported: ['supervisor'], assigned: ['supervisor'] },
  close: { reported: ['supervisor'], assigned: ['supervisor'] },
  list: { reported: ['supervisor'], assigned: ['supervisor'] },
  unlist: { reported: ['supervisor'], assigned: ['supervisor'] },
  'link-duplicate': { reported: ['supervisor'], assigned: ['supervisor'] },
};

const SEES: Record<'reported' | 'assigned', SignedInActor[]> = {
  reported: ['officer', 'supervisor', 'leader'],
  assigned: ['officer', 'department', 'supervisor', 'leader'],
};

function hazardActionRow(action: (typeof HAZARD_ACTION_PATHS)[number], which: 'reported' | 'assigned'): MatrixRow {
  const may = new Set(MAY_ACT[action][which]);
  const sees = new Set(SEES[which]);
  const workers = new Set(HAZARD_WORK.flatMap((r) => ACTORS_OF_ROLE[r]));
  const expected = Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 403 : !workers.has(a) ? 403 : !sees.has(a as SignedInActor) ? 404 : may.has(a as SignedInActor) ? 422 : 403]),
  ) as Record<Actor, number>;
  const id = which === 'reported' ? ':hazardId' : ':assignedHazardId';
  return row('POST', `/hazards/:id/${action}`, expected, { path: `/hazards/${id}/${action}`, note: `${which} hazard, empty form` });
}


/** The matrix of the current routes. */
export const MATRIX: MatrixRow[] = [
  publicRoute('GET', '/healthz', 200),
  publicRoute('GET', '/readyz', 200),
  publicRoute('GET', '/favicon.ico', 301, { location: { anonymous: '/static/icon.svg', officer: '/static/icon.svg' } }),
  publicRoute('POST', '/csp-report', 204, { note: 'a browser reports a CSP violation (here: an empty body)' }),

  // Signing in and out, language.
  row('GET', '/login', { anonymous: 200, officer: 302, officerOther: 302, department: 302, departmentOther: 302, supervisor: 302, admin: 302, leader: 302 }, {
    note: 'a signed-in user is sent to their home',
    location: {
      officer: '/home/officer',
      officerOther: '/home/officer',
      department: '/home/department',
      departmentOther: '/home/department',
      supervisor: '/home/supervisor',
      admin: '/admin',
      leader: '/home/leader',
    },
  }),
  publicRoute('POST', '/login', 422, { body: { username: '', password: '' }, note: 'empty form' }),
  signedIn('POST', '/logout', 303, { location: { officer: '/login', admin: '/login' } }),
  publicRoute('POST', '/lang', 303, { body: { lang: 'zh-CN', next: '/healthz' }, location: { anonymous: '/healthz', officer: '/healthz' } }),

  // Own account.
  signedIn('GET', '/account/password', 200),
  signedIn('POST', '/account/password', 422, { body: { current: '', next: '', confirm: '' }, note: 'empty form' }),
  home('GET', '/account', 200),
  home('POST', '/account/logout-everywhere', 303),

  // Two-factor sign-in. The code page serves only a sign-in waiting for its code (none here: back to
  // /login); the account page is open to every signed-in user (enrolment may come before anything else).
  publicRoute('GET', '/login/two-factor', 302, { note: 'no sign-in waiting for a code', location: { anonymous: '/login', officer: '/login', admin: '/login' } }),
  publicRoute('POST', '/login/two-factor', 303, { body: { code: '123456' }, note: 'no sign-in waiting for a code', location: { anonymous: '/login', supervisor: '/login' } }),
  signedIn('GET', '/account/two-factor', 200),
  signedIn('POST', '/account/two-factor', 400, { note: 'no action chosen' }),

  // Landing pages.
  home('GET', '/', 302, {
    location: {
      officer: '/home/officer',
      officerOther: '/home/officer',
      department: '/home/department',
      departmentOther: '/home/department',
      supervisor: '/home/supervisor',
      admin: '/admin',
      leader: '/home/leader',
    },
  }),
  rolesOnly(['officer'], 'GET', '/home/officer', 200),
  rolesOnly(['department'], 'GET', '/home/department', 200),
  rolesOnly(['supervisor'], 'GET', '/home/supervisor', 200),
  rolesOnly(['leader'], 'GET', '/home/leader', 200),

  // Hazard register (lists are filtered per user; the route rule decides who gets them at all).
  rolesOnly(HAZARD_READ, 'GET', '/hazards', 200),
  rolesOnly(HAZARD_READ, 'GET', '/hazards/export.csv', 200),
  rolesOnly(HAZARD_REPORT, 'GET', '/hazards/new', 200, { note: 'the leader is read-only (and /hazards/:id, which also matches, must not decide)' }),
  rolesOnly(HAZARD_REPORT, 'POST', '/hazards', 422, { body: { description: '' }, note: 'empty form' }),
  rolesOnly(HAZARD_WORK, 'POST', '/hazards/photos', 200, { note: 'no files: the empty picker' }),

  // One hazard (fixture :hazardId): reported by `officer` for their school, not yet assigned to any
  // department — so officerOther and both departments may not see it (404), supervisor and leader may.
  recordScoped(HAZARD_READ, HAZARD_VIEWERS, 'GET', '/hazards/:id', 200, { path: '/hazards/:hazardId' }),
  rolesOnly(HAZARD_READ, 'GET', '/hazards/:id', 404, { path: '/hazards/999999', note: 'unknown hazard' }),
  rolesOnly(HAZARD_READ, 'GET', '/hazards/:id', 404, { path: '/hazards/abc', note: 'malformed id' }),
  recordScoped(HAZARD_WORK, HAZARD_VIEWERS, 'GET', '/hazards/:id/accept', 409, { path: '/hazards/:hazardId/accept', note: 'not awaiting acceptance' }),
  // Every action with an empty form, on two hazards. Who may act is decided before the form is read:
  // no role → 403, may not see the hazard → 404, may see it but not take that action → 403, may take it
  // → 422 (the empty form). Written out per action so the table states the rules independently of
  // src/policy.ts.
  ...HAZARD_ACTION_PATHS.map((action) => hazardActionRow(action, 'reported')),
  ...HAZARD_ACTION_PATHS.map((action) => hazardActionRow(action, 'assigned')),
  rolesOnly(HAZARD_WORK, 'POST', '/hazards/:id/withdraw', 404, { path: '/hazards/999999/withdraw', body: { version: '1' }, note: 'unknown hazard' }),
  recordScoped(HAZARD_READ, HAZARD_VIEWERS, 'GET', '/photos/:id', 200, { path: '/photos/:photoId', note: "the hazard's photo" }),
  rolesOnly(HAZARD_READ, 'GET', '/photos/:id', 404, { path: `/photos/${'0'.repeat(32)}`, note: 'unknown photo' }),

  // Joint meetings (fixture :meetingId: an upcoming meeting inviting only `department`'s unit).
  rolesOnly(MEETING_READ, 'GET', '/meetings', 200),
  rolesOnly(MEETING_READ, 'GET', '/meetings', 200, { path: '/meetings?when=past', note: 'past meetings' }),
  rolesOnly(['supervisor'], 'GET', '/meetings/new', 200),
  rolesOnly(['supervisor'], 'POST', '/meetings', 422, { body: { title: '' }, note: 'empty form' }),
  recordScoped(MEETING_READ, MEETING_VIEWERS, 'GET', '/meetings/:id', 200, { path: '/meetings/:meetingId' }),
  rolesOnly(MEETING_READ, 'GET', '/meetings/:id', 404, { path: '/meetings/999999', note: 'unknown meeting' }),
  recordScoped(MEETING_READ, MEETING_VIEWERS, 'GET', '/meetings/:id/meeting.ics', 200, { path: '/meetings/:meetingId/meeting.ics' }),
  recordScoped(['supervisor'], ['supervisor'], 'GET', '/meetings/:id/edit', 200, { path: '/meetings/:meetingId/edit' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id', 422, { path: '/meetings/:meetingId', note: 'empty form' }),
  recordScoped(['department'], ['department'], 'POST', '/meetings/:id/respond', 422, { path: '/meetings/:meetingId/respond', note: 'empty form' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/attendance', 422, { path: '/meetings/:meetingId/attendance', note: 'nothing chosen' }),

  // The private calendar feed: issuing one needs a meetings role; fetching needs only the secret.
  rolesOnly(MEETING_READ, 'POST', '/account/calendar-token', 200),
  publicRoute('GET', '/calendar/:token', 404, { path: '/calendar/not-a-real-token-0123456789.ics', note: 'unknown token' }),

  // Agenda and topics of the fixture meeting (empty bodies: refused before anything changes).
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/agenda', 422, { path: '/meetings/:meetingId/agenda', note: 'no action chosen' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/agenda/:itemId', 422, { path: '/meetings/:meetingId/agenda/1', note: 'no change chosen' }),
  recordScoped(['department'], ['department'], 'POST', '/meetings/:id/topics', 422, { path: '/meetings/:meetingId/topics', note: 'no title' }),

  // Minutes of the fixture meeting: none yet, so only the supervisor has a page (to draft them).
  recordScoped(MEETING_READ, ['supervisor'], 'GET', '/meetings/:id/minutes', 200, { path: '/meetings/:meetingId/minutes', note: 'drafts are the supervisors\' own' }),
  rolesOnly(MEETING_READ, 'GET', '/meetings/:id/minutes.txt', 404, { path: '/meetings/:meetingId/minutes.txt', note: 'no minutes yet' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/minutes', 422, { path: '/meetings/:meetingId/minutes', note: 'no action chosen' }),

  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/cancel', 422, { path: '/meetings/:meetingId/cancel', note: 'no version or reason' }),
  // The live meeting: the fixture meeting is a week away, so it cannot be opened or run yet (409).
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/open', 409, { path: '/meetings/:meetingId/open', note: 'more than a day before the start' }),
  recordScoped(['supervisor'], ['supervisor'], 'GET', '/meetings/:id/live', 409, { path: '/meetings/:meetingId/live', note: 'not started' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/close', 409, { path: '/meetings/:meetingId/close', note: 'never opened' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/live/:itemId', 409, { path: '/meetings/:meetingId/live/1', note: 'not started' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/live/:itemId/hazard/:action', 409, { path: '/meetings/:meetingId/live/1/hazard/verify', note: 'not started' }),

  // Resolutions (fixture :resolutionId: decided at that meeting, led by `department`'s unit).
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/meetings/:id/resolutions', 422, { path: '/meetings/:meetingId/resolutions', note: 'empty form' }),
  rolesOnly(MEETING_READ, 'GET', '/resolutions', 200),
  recordScoped(MEETING_READ, MEETING_VIEWERS, 'GET', '/resolutions/:id', 200, { path: '/resolutions/:resolutionId' }),
  rolesOnly(MEETING_READ, 'GET', '/resolutions/:id', 404, { path: '/resolutions/999999', note: 'unknown resolution' }),
  recordScoped(['department'], ['department'], 'POST', '/resolutions/:id/feedback', 422, { path: '/resolutions/:resolutionId/feedback', note: 'empty form' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/resolutions/:id/decision', 422, { path: '/resolutions/:resolutionId/decision', note: 'empty form' }),

  // Attachments: any signed-in user may ask; the file's topic (meeting) or feedback note (resolution)
  // decides who gets it. Fixtures: files of `department`'s unit on the fixture meeting and resolution.
  recordScoped(['officer', 'department', 'supervisor', 'admin', 'leader'], MEETING_VIEWERS, 'GET', '/attachments/:id', 200, { path: '/attachments/:topicAttachmentId', note: "a topic's file" }),
  recordScoped(['officer', 'department', 'supervisor', 'admin', 'leader'], MEETING_VIEWERS, 'GET', '/attachments/:id', 200, { path: '/attachments/:noteAttachmentId', note: "a feedback note's file" }),
  home('GET', '/attachments/:id', 404, { path: `/attachments/${'0'.repeat(32)}`, note: 'unknown file' }),

  // Supervision orders (fixture :orderId: to `department`'s unit).
  rolesOnly(MEETING_READ, 'GET', '/supervision-orders', 200),
  rolesOnly(['supervisor'], 'GET', '/supervision-orders/new', 200),
  rolesOnly(['supervisor'], 'POST', '/supervision-orders', 422, { body: { requirements: '' }, note: 'empty form' }),
  recordScoped(MEETING_READ, MEETING_VIEWERS, 'GET', '/supervision-orders/:id', 200, { path: '/supervision-orders/:orderId' }),
  rolesOnly(MEETING_READ, 'GET', '/supervision-orders/:id', 404, { path: '/supervision-orders/999999', note: 'unknown order' }),
  recordScoped(MEETING_READ, MEETING_VIEWERS, 'GET', '/supervision-orders/:id/print', 200, { path: '/supervision-orders/:orderId/print', note: 'whoever may see the order' }),
  rolesOnly(MEETING_READ, 'GET', '/supervision-orders/:id/print', 404, { path: '/supervision-orders/999999/print', note: 'unknown order' }),
  recordScoped(['department'], ['department'], 'POST', '/supervision-orders/:id/reply', 422, { path: '/supervision-orders/:orderId/reply', note: 'empty form' }),
  recordScoped(['supervisor'], ['supervisor'], 'POST', '/supervision-orders/:id/check', 422, { path: '/supervision-orders/:orderId/check', note: 'empty form' }),

  // Risk register (fixture :riskPointId: a surroundings point of `officer`'s school, `department`'s unit responsible).
  rolesOnly(RISK_READ, 'GET', '/risks', 200),
  rolesOnly(RISK_READ, 'GET', '/risks', 200, { path: '/risks?level=red&review=overdue&categoryId=1&schoolId=1&townId=1&retired=1', note: 'filtered' }),
  rolesOnly(RISK_READ, 'GET', '/risks', 200, { path: '/risks?level=purple&review=x&categoryId=abc&schoolId=99999999999', note: 'nonsense filters are ignored' }),
  rolesOnly(RISK_READ, 'GET', '/risks/export.xlsx', 200),
  rolesOnly(RISK_READ, 'GET', '/risks/map', 200),
  rolesOnly(RISK_READ, 'GET', '/risks/map', 200, { path: '/risks/map?schoolId=:schoolId', note: 'a chosen school (ignored for an officer)' }),
  rolesOnly(RISK_READ, 'GET', '/risks/overview', 200),
  rolesOnly(RISK_READ, 'GET', '/risks/overview', 200, { path: '/risks/overview?townId=:townId', note: 'one town' }),
  rolesOnly(RISK_KEEP, 'GET', '/risks/new', 200),
  rolesOnly(RISK_KEEP, 'POST', '/risks', 422, { body: { name: '' }, note: 'empty form' }),
  recordScoped(RISK_READ, RISK_VIEWERS, 'GET', '/risks/:id', 200, { path: '/risks/:riskPointId' }),
  rolesOnly(RISK_READ, 'GET', '/risks/:id', 404, { path: '/risks/999999', note: 'unknown point' }),
  rolesOnly(RISK_READ, 'GET', '/risks/:id', 404, { path: '/risks/abc', note: 'non-numeric id' }),
  recordScoped(RISK_READ, RISK_VIEWERS, 'GET', '/risks/:id/card', 200, { path: '/risks/:riskPointId/card' }),
  recordScoped(RISK_KEEP, RISK_KEEPERS, 'GET', '/risks/:id/edit', 200, { path: '/risks/:riskPointId/edit' }),
  recordScoped(RISK_KEEP, RISK_KEEPERS, 'POST', '/risks/:id', 422, { path: '/risks/:riskPointId', note: 'empty form' }),
  recordScoped(RISK_KEEP, RISK_KEEPERS, 'POST', '/risks/:id/assess', 422, { path: '/risks/:riskPointId/assess', note: 'empty form' }),
  recordScoped(RISK_KEEP, RISK_KEEPERS, 'POST', '/risks/:id/retire', 422, { path: '/risks/:riskPointId/retire', note: 'empty form' }),

  // Inbox (fixture :notificationId: the "hazard reported" notice, addressed to the supervisors).
  rolesOnly(INBOX, 'GET', '/inbox', 200),
  rolesOnly(INBOX, 'POST', '/inbox/read-all', 303),
  recordScoped(INBOX, ['supervisor'], 'POST', '/inbox/:id/read', 303, { path: '/inbox/:notificationId/read', location: { supervisor: '/inbox' } }),
  rolesOnly(INBOX, 'POST', '/inbox/:id/read', 404, { path: '/inbox/999999/read', note: 'unknown notice' }),

  // Administration.
  adminOnly('GET', '/admin', 200),
  adminOnly('GET', '/admin/scoring', 200),
  adminOnly('GET', '/admin/security-log', 200),
  adminOnly('GET', '/admin/security-log', 200, { path: '/admin/security-log?kind=failures&account=x&ip=10.0.0.1&from=2026-01-01&to=2026-12-31', note: 'filtered' }),
  adminOnly('POST', '/admin/scoring', 422, { body: { method: 'matrix' }, note: 'thresholds missing' }),
  adminOnly('GET', '/admin/documents', 200),
  adminOnly('POST', '/admin/documents', 422, { body: { prefixMinutes: '浈教安纪', prefixOrder: '〔2026〕' }, note: 'a prefix with brackets' }),
  ...adminResource('/admin/users', 'userId', {
    missingId: MISSING_UUID,
    extraActions: [
      { action: 'reset-password', status: 422, body: { password: '' } },
      { action: 'logout-everywhere', status: 303 },
    ],
  }),
  adminOnly('POST', '/admin/users/:id/reset-two-factor', 303, { path: '/admin/users/:userId/reset-two-factor' }),
  adminOnly('POST', '/admin/users/:id/reset-two-factor', 404, { path: `/admin/users/${MISSING_UUID}/reset-two-factor`, note: 'unknown user' }),
  adminOnly('GET', '/admin/users/:id', 404, { path: '/admin/users/not-a-uuid', note: 'malformed id' }),
  ...adminResource('/admin/towns', 'townId', { missingId: MISSING_INT }),
  adminOnly('GET', '/admin/towns/:id', 404, { path: '/admin/towns/abc', note: 'non-numeric id' }),
  ...adminResource('/admin/schools', 'schoolId', { missingId: MISSING_INT }),
  ...adminResource('/admin/institutions', 'institutionId', { missingId: MISSING_INT }),
  ...adminResource('/admin/departments', 'departmentId', { missingId: MISSING_INT }),
  ...adminResource('/admin/categories', 'categoryId', { missingId: MISSING_INT }),
];

/** `GET /admin/towns/:id` — the ROUTE_RULES key of a row. */
export const ruleKey = (r: Pick<MatrixRow, 'method' | 'pattern'>) => `${r.method} ${r.pattern}`;

/** Fills `:name` placeholders of a row's path from the fixture; unknown placeholders are an error. */
export function resolvePath(path: string, fixture: Record<string, string | number>): string {
  const [pathname, query] = path.split('?') as [string, string | undefined];
  const resolved = pathname.replace(/:(\w+)/g, (_, name: string) => {
    const value = fixture[name];
    if (value === undefined) throw new Error(`matrix path ${path}: no fixture value for :${name}`);
    return encodeURIComponent(String(value));
  });
  return query === undefined ? resolved : `${resolved}?${query}`;
}

/** Whether a concrete path (no query) is one the pattern matches. */
export function patternMatches(pattern: string, concretePath: string): boolean {
  const pathname = concretePath.split('?')[0]!;
  const re = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);
  return re.test(pathname);
}

