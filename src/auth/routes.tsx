import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { pickLocale } from '../i18n/index.js';
import { validate, readForm } from '../lib/forms.js';
import { actorOf, clientIp, currentUser, safeLocalPath, secureCookies, seeOther } from '../lib/http.js';
import { homePath, mayOpenPage } from '../policy.js';
import { LoginPage } from '../../views/auth/login.js';
import { AccountPage, PasswordPage } from '../../views/auth/account.js';
import { renderPage } from '../../views/render.js';
import { LANG_COOKIE } from './middleware.js';
import { setFlash } from '../lib/flash.js';
import { changePassword, setLocale, signIn, signOutEverywhere } from './service.js';
import { twoFactorState } from './two-factor.js';

export const authRoutes = new Hono<AppEnv>();

const loginSchema = z.object({
  username: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(100, 'validation.tooLong'),
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'validation.tooLong'),
  next: z.string().optional(),
});

authRoutes.get('/login', (c) => {
  const user = c.get('user');
  if (user) return c.redirect(homePath(user.role), 302);
  return renderPage(c, c.get('t')('auth.signIn'), <LoginPage form={{ values: { next: c.req.query('next') ?? '' } }} />);
});

authRoutes.post('/login', async (c) => {
  const parsed = validate(loginSchema, await readForm(c));
  const title = c.get('t')('auth.signIn');
  if (!parsed.ok) return renderPage(c, title, <LoginPage form={parsed} />, 422);
  const { deps, db } = c.var;
  const result = await signIn(db, { username: parsed.data.username, password: parsed.data.password, ip: clientIp(c), now: deps.clock.now(), requestId: c.get('requestId') });
  if (!result.ok) {
    const values = { username: parsed.data.username, next: parsed.data.next ?? '' };
    if (result.reason === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      const message = result.locked ? c.get('t')('auth.locked', { minutes }) : c.get('t')('auth.slowDown', { seconds: result.retryAfterSeconds });
      return renderPage(c, title, <LoginPage form={{ values }} message={message} />, 429);
    }
    return renderPage(c, title, <LoginPage form={{ values }} message={c.get('t')('auth.invalid')} />, 401);
  }
  // A fresh session id at every sign-in; any session the browser had is ended first.
  const previous = c.get('sessionId') ?? c.get('pendingSecondFactor')?.sessionId;
  if (previous) await c.get('sessions').end(previous);
  c.header('Set-Cookie', await c.get('sessions').start(result.userId, deps.clock.now(), result.awaiting), { append: true });
  const next = safeLocalPath(parsed.data.next, '/');
  // The authenticator code is next; a session waiting for enrolment is sent to it by the authorize step.
  if (result.awaiting === 'secondFactor') return seeOther(c, `/login/two-factor?next=${encodeURIComponent(next)}`);
  return seeOther(c, next);
});

authRoutes.post('/logout', async (c) => {
  const sessionId = c.get('sessionId');
  if (sessionId) await c.get('sessions').end(sessionId);
  c.header('Set-Cookie', c.get('sessions').blankCookie(), { append: true });
  return seeOther(c, '/login');
});

authRoutes.post('/lang', async (c) => {
  const form = await readForm(c);
  const locale = pickLocale(typeof form.lang === 'string' ? form.lang : undefined) ?? 'zh-CN';
  setCookie(c, LANG_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax', httpOnly: true, secure: secureCookies(c) });
  const user = c.get('user');
  if (user) await setLocale(c.get('db'), user.id, locale);
  return seeOther(c, safeLocalPath(form.next, '/'));
});

authRoutes.get('/account', async (c) => {
  const state = await twoFactorState(c.get('db'), currentUser(c).id);
  return renderPage(c, c.get('t')('nav.account'), <AccountPage twoFactorEnabled={state.enabled} mayUseCalendarFeed={mayOpenPage(currentUser(c), 'POST', '/account/calendar-token')} />);
});

authRoutes.post('/account/logout-everywhere', async (c) => {
  const user = currentUser(c);
  await signOutEverywhere(c.get('db'), { ...actorOf(c), userId: user.id });
  c.header('Set-Cookie', c.get('sessions').blankCookie(), { append: true });
  return seeOther(c, '/login');
});

const passwordSchema = z.object({
  current: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'validation.tooLong'),
  next: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'validation.tooLong'),
  confirm: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'validation.tooLong'),
});

authRoutes.get('/account/password', (c) => renderPage(c, c.get('t')('password.title'), <PasswordPage form={{}} />));

authRoutes.post('/account/password', async (c) => {
  const user = currentUser(c);
  const parsed = validate(passwordSchema, await readForm(c));
  const title = c.get('t')('password.title');
  if (!parsed.ok) return renderPage(c, title, <PasswordPage form={parsed} />, 422);
  const result = await changePassword(c.get('db'), { ...actorOf(c), userId: user.id }, { ...parsed.data, username: user.username, keepSessionId: c.get('sessionId') }, c.get('deps').clock.now());
  if (!result.ok && 'reason' in result) {
    c.header('Retry-After', String(result.retryAfterSeconds));
    return renderPage(c, title, <PasswordPage form={{ values: {}, errors: { current: 'password.tooManyTries' } }} />, 429);
  }
  if (!result.ok) return renderPage(c, title, <PasswordPage form={{ values: {}, errors: result.errors }} />, 422);
  setFlash(c, 'password.changed');
  return seeOther(c, homePath(user.role));
});
