import { setCookie } from 'hono/cookie';
import type { AppContext } from '../env.js';
import type { MessageKey } from '../i18n/index.js';
import { FLASH_COOKIE } from '../auth/middleware.js';
import { secureCookies } from './http.js';

/** Shows a short notice on the page the browser is redirected to. */
export function setFlash(c: AppContext, key: MessageKey): void {
  setCookie(c, FLASH_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60, secure: secureCookies(c) });
}
