import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../env.js';
import { DomainError } from '../lib/errors.js';
import { setFlash } from '../lib/flash.js';
import { readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, clientIp, currentUser, safeLocalPath, seeOther } from '../lib/http.js';
import { homePath } from '../policy.js';
import { RecoveryCodesPage, TwoFactorPage, TwoFactorSignInPage } from '../../views/auth/two-factor.js';
import { renderPage } from '../../views/render.js';
import { otpauthUri } from './totp.js';
import {
  confirmEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startEnrolment,
  TWO_FACTOR_ROLES,
  twoFactorRequired,
  twoFactorState,
  verifySecondFactor,
  type CodeCheck,
} from './two-factor.js';

export const twoFactorRoutes = new Hono<AppEnv>();

const codeSchema = z.object({
  code: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(40, 'twoFactor.wrongCode'),
  next: z.string().max(2000).optional(),
  action: z.string().optional(),
});

/** The form's problem for a refused code: 429 with the wait when throttled, 422 when wrong. */
function refusal(c: AppContext, result: Extract<CodeCheck, { ok: false }>): { status: 422 | 429; errors: FieldErrorMap } {
  if (result.reason === 'throttled') {
    c.header('Retry-After', String(result.retryAfterSeconds));
    return { status: 429, errors: { code: 'twoFactor.tooManyTries' } };
  }
  return { status: 422, errors: { code: 'twoFactor.wrongCode' } };
}

// ---------------------------------------------------------------------------------------------------
// Signing in: the code after the password.

twoFactorRoutes.get('/login/two-factor', (c) => {
  if (!c.get('pendingSecondFactor')) return c.redirect('/login', 302);
  return renderPage(c, c.get('t')('twoFactor.signInTitle'), <TwoFactorSignInPage form={{ values: { next: c.req.query('next') ?? '' } }} />);
});

twoFactorRoutes.post('/login/two-factor', async (c) => {
  const pending = c.get('pendingSecondFactor');
  // No sign-in waiting (it expired, or the page was opened on its own): start again.
  if (!pending) return seeOther(c, '/login');
  const title = c.get('t')('twoFactor.signInTitle');
  const parsed = validate(codeSchema, await readForm(c));
  const next = parsed.ok ? (parsed.data.next ?? '') : typeof parsed.values.next === 'string' ? parsed.values.next : '';
  if (!parsed.ok) return renderPage(c, title, <TwoFactorSignInPage form={{ values: { next }, errors: parsed.errors }} />, 422);
  const { deps, db } = c.var;
  const actor = { userId: pending.userId, ip: clientIp(c), requestId: c.get('requestId'), now: deps.clock.now() };
  const result = await verifySecondFactor(db, actor, parsed.data.code, actor.now);
  if (!result.ok) {
    const { status, errors } = refusal(c, result);
    const message = result.reason === 'throttled' ? c.get('t')('twoFactor.locked', { minutes: Math.ceil(result.retryAfterSeconds / 60) }) : undefined;
    return renderPage(c, title, <TwoFactorSignInPage form={{ values: { next }, errors }} message={message} />, status === 429 ? 429 : 401);
  }
  // The sign-in is complete: a new session id (the waiting one ends), as at every sign-in.
  await c.get('sessions').end(pending.sessionId);
  c.header('Set-Cookie', await c.get('sessions').start(pending.userId, actor.now), { append: true });
  return seeOther(c, safeLocalPath(next, '/'));
});

// ---------------------------------------------------------------------------------------------------
// The account's own two-factor page.

async function accountPage(c: AppContext, form: { values?: FormValues; errors?: FieldErrorMap } = {}, status: 200 | 403 | 422 | 429 = 200) {
  const user = currentUser(c);
  const db = c.get('db');
  const state = await twoFactorState(db, user.id);
  const required = twoFactorRequired(user);
  const data = {
    enabled: state.enabled,
    required,
    demoExempt: user.isDemo && TWO_FACTOR_ROLES.includes(user.role),
    recoveryCodesLeft: state.recoveryCodesLeft,
    enrolment: state.enabled ? undefined : await enrolmentData(c, user.id, user.username),
  };
  return renderPage(c, c.get('t')('twoFactor.title'), <TwoFactorPage data={data} form={form} />, status);
}

async function enrolmentData(c: AppContext, userId: string, username: string) {
  const secret = await startEnrolment(c.get('db'), userId);
  return { secret, uri: otpauthUri(c.get('t')('twoFactor.issuer'), username, secret) };
}

twoFactorRoutes.get('/account/two-factor', (c) => accountPage(c));

twoFactorRoutes.post('/account/two-factor', async (c) => {
  const user = currentUser(c);
  const values = await readForm(c);
  const parsed = validate(codeSchema, values);
  const action = typeof values.action === 'string' ? values.action : '';
  if (!['enable', 'disable', 'recovery'].includes(action)) throw new DomainError(400, 'error.badRequest');
  if (!parsed.ok) return accountPage(c, { values: { action }, errors: parsed.errors }, 422);
  const db = c.get('db');
  const actor = { ...actorOf(c), userId: user.id };
  const now = c.get('deps').clock.now();
  if (action === 'disable') {
    if (twoFactorRequired(user)) throw new DomainError(403, 'twoFactor.required');
    const result = await disableTwoFactor(db, actor, parsed.data.code, now);
    if (!result.ok) {
      const { status, errors } = refusal(c, result);
      return accountPage(c, { values: { action }, errors }, status);
    }
    setFlash(c, 'twoFactor.turnedOff');
    return seeOther(c, '/account');
  }
  const result = action === 'enable' ? await confirmEnrolment(db, actor, parsed.data.code, now, c.get('sessionId')) : await regenerateRecoveryCodes(db, actor, parsed.data.code, now);
  if (!result.ok) {
    const { status, errors } = refusal(c, result);
    return accountPage(c, { values: { action }, errors }, status);
  }
  // Enrolment finishes a sign-in that was waiting for it: this page already shows the full account.
  c.set('user', { ...user, mustEnrolTwoFactor: false });
  const codes: string[] = 'recoveryCodes' in result ? (result.recoveryCodes as string[]) : [];
  return renderPage(c, c.get('t')('twoFactor.codesTitle'), <RecoveryCodesPage codes={codes} next={action === 'enable' ? homePath(user.role) : '/account/two-factor'} />);
});
