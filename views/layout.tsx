import type { Child } from 'hono/jsx';
import { LOCALES } from '../src/auth/roles.js';
import { useUi } from './ui.js';

const ASSET_VERSION = '1';

function LanguageSwitch() {
  const { t, locale, path } = useUi();
  return (
    <form method="post" action="/lang" class="lang-switch">
      <input type="hidden" name="next" value={path} />
      {LOCALES.map((l) => (
        <button type="submit" name="lang" value={l} aria-pressed={l === locale ? 'true' : 'false'} lang={l}>
          {t(l === 'en' ? 'lang.en' : 'lang.zh')}
        </button>
      ))}
    </form>
  );
}

function Header() {
  const { t, user, path, unread, nav: items } = useUi();
  // The most specific item containing the current path is the current one (/hazards/new is not /hazards).
  const current = items
    .filter((i) => path === i.href || path.startsWith(i.href + '/'))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <header class="site-header">
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
      {items.length > 0 && (
        <nav aria-label={t('nav.main')} class="main-nav">
          {items.map((item) => (
            <a href={item.href} aria-current={item.href === current ? 'page' : undefined}>
              {t(item.label)}
              {item.href === '/inbox' && unread ? (
                <span class="nav-count" aria-label={t('inbox.unreadCount', { n: unread })}>
                  {unread > 99 ? '99+' : unread}
                </span>
              ) : null}
            </a>
          ))}
        </nav>
      )}
    </header>
  );
}

export function Layout(props: { title: string; children?: Child }) {
  const { t, locale, nonce, demoMode, flash } = useUi();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href={`/static/css/app.css?v=${ASSET_VERSION}`} />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        <script src="/static/vendor/htmx.min.js" nonce={nonce} defer></script>
        <script src={`/static/js/swaps.js?v=${ASSET_VERSION}`} nonce={nonce} defer></script>
      </head>
      <body hx-boost:inherited="true">
        <a class="skip-link" href="#main">{t('nav.skip')}</a>
        {demoMode && (
          <div class="demo-banner" role="note">
            {t('demo.banner')}
          </div>
        )}
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
