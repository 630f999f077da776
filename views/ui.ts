import { createContext, useContext } from 'hono/jsx';
import type { SessionUser } from '../src/auth/sessions.js';
import type { Locale } from '../src/auth/roles.js';
import { translator, type Translate } from '../src/i18n/index.js';
import type { NavItem } from '../src/policy/navigation.js';

/** What every view may read about the request it renders for. Provided once by the layout. */
export interface Ui {
  t: Translate;
  locale: Locale;
  user: SessionUser | null;
  nonce: string;
  path: string;
  demoMode: boolean;
  flash: string | null;
  unread: number | null;
  /** the URL of a file under public/, with its version (src/assets/versions.ts) */
  asset: (path: string) => string;
  /** the main navigation: the destinations the policy lets this user open */
  nav: NavItem[];
}

export const UiContext = createContext<Ui>({
  t: translator('zh-CN'),
  locale: 'zh-CN',
  user: null,
  nonce: '',
  path: '/',
  demoMode: false,
  flash: null,
  unread: null,
  asset: (path) => `/static/${path}`,
  nav: [],
});

export const useUi = () => useContext(UiContext);
export const useT = () => useContext(UiContext).t;
