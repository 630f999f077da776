import type { Child } from 'hono/jsx';
import { LOCALES } from '../src/auth/roles.js';
import type { NavItem } from '../src/policy/navigation.js';
import { useUi } from './ui.js';

function LanguageSwitch() {
  const { t, locale, path } = useUi();
  return (
    // Not boosted: htmx swaps only the body, and the switch must also change <html lang> and the title.
    <form method="post" action="/lang" class="lang-switch" hx-boost="false">
      <input type="hidden" name="next" value={path} />
      {LOCALES.map((l) => (
        <button type="submit" name="lang" value={l} aria-pressed={l === locale ? 'true' : 'false'} lang={l}>
          {t(l === 'en' ? 'lang.en' : 'lang.zh')}
        </button>
      ))}
    </form>
  );
}

/**
 * The main navigation. On a phone every destination sits in a menu (a <details>, so it opens without
 * JavaScript) while the inbox and its unread count stay beside it; on a wide screen the menu is always
 * open and its button hidden (the stylesheet, ::details-content).
 */
function MainNav(props: { items: NavItem[]; current: string | undefined; unread: number | null }) {
  const { t } = useUi();
  const link = (item: NavItem, cls?: string) => (
    <a href={item.href} class={cls} aria-current={item.href === props.current ? 'page' : undefined}>
      {t(item.label)}
      {item.href === '/inbox' && props.unread ? (
        <span class="nav-count" role="img" aria-label={t('inbox.unreadCount', { n: props.unread })}>
          {props.unread > 99 ? '99+' : props.unread}
        </span>
      ) : null}
    </a>
  );
  const inbox = props.items.find((i) => i.href === '/inbox');
  const currentLabel = props.items.find((i) => i.href === props.current)?.label;
  return (
    <nav aria-label={t('nav.main')} class="main-nav">
      <details class="nav-menu">
        <summary>
          <span class="nav-menu-icon" aria-hidden="true">☰</span> {t('nav.menu')}
          {currentLabel && <span class="nav-menu-current" aria-hidden="true">{t(currentLabel)}</span>}
        </summary>
        <div class="nav-items">{props.items.filter((i) => i !== inbox).map((i) => link(i))}</div>
      </details>
      {inbox && link(inbox, 'nav-inbox')}
    </nav>
  );
}

function Header() {
  const { t, user, path, unread, demoMode, nav: items } = useUi();
  // The most specific item containing the current path is the current one (/hazards/new is not /hazards).
  const current = items
    .filter((i) => path === i.href || path.startsWith(i.href + '/'))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <header class="site-header">
      {/* Inside the header (a landmark), so that screen-reader users moving by landmarks meet it too. */}
      {demoMode && (
        <div class="demo-banner" role="note">
          {t('demo.banner')}
        </div>
      )}
      <div class="bar">
        <a class="brand" href="/">
          <span class="brand-mark" aria-hidden="true">安</span>
          <span>{t('app.name')}</span>
        </a>
        <div class="bar-end">
          <LanguageSwitch />
          {user && (
            <details class="account-menu">
              <summary>
                <span class="sr-only">{t('nav.account')}: </span>
                {user.displayName}
              </summary>
              <div class="menu">
                <span class="muted">{t(`role.${user.role}`)}</span>
                {!user.mustChangePassword && !user.mustEnrolTwoFactor && <a href="/account">{t('nav.account')}</a>}
                <form method="post" action="/logout">
                  <button type="submit" class="link">{t('auth.signOut')}</button>
                </form>
              </div>
            </details>
          )}
        </div>
      </div>
      {items.length > 0 && <MainNav items={items} current={current} unread={unread} />}
    </header>
  );
}

export function Layout(props: { title: string; children?: Child }) {
  const { t, locale, nonce, flash, asset } = useUi();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href={asset('css/app.css')} />
        <link rel="icon" href={asset('icon.svg')} type="image/svg+xml" />
        <script src={asset('vendor/htmx.min.js')} nonce={nonce} defer></script>
        <script src={asset('js/page.js')} nonce={nonce} defer></script>
        <script src={asset('js/swaps.js')} nonce={nonce} defer></script>
      </head>
      <body hx-boost:inherited="true">
        <a class="skip-link" href="#main">{t('nav.skip')}</a>
        <Header />
        <main id="main" tabindex={-1}>
          {flash && (
            <p class="flash" role="status">
              {flash}
            </p>
          )}
          {props.children}
          {/* What an in-place update did is read out here (public/js/swaps.js). */}
          <div id="announcer" class="sr-only" aria-live="polite"></div>
        </main>
        <footer class="site-footer">{t('app.footer')}</footer>
      </body>
    </html>
  );
}
