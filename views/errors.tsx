import type { AppContext } from '../src/env.js';
import type { MessageKey } from '../src/i18n/index.js';
import { wantsFragment } from '../src/lib/http.js';
import { renderFragment, renderPage } from './render.js';
import { useT } from './ui.js';

const TITLES: Record<number, MessageKey> = {
  400: 'error.title.400',
  403: 'error.title.403',
  404: 'error.title.404',
  409: 'error.title.409',
  413: 'error.title.413',
  422: 'error.title.422',
  429: 'error.title.429',
  500: 'error.title.500',
};

function ErrorPanel(props: { status: number; message: MessageKey; params?: Record<string, string | number>; requestId?: string }) {
  const t = useT();
  return (
    <section class="error-panel" role="alert">
      <h1>{t(TITLES[props.status] ?? 'error.title.500')}</h1>
      <p>{t(props.message, props.params)}</p>
      {props.requestId && (
        <p class="muted small">
          {t('error.requestId')}: <code>{props.requestId}</code>
        </p>
      )}
      <p>
        <a href="/">{t('error.backHome')}</a>
      </p>
    </section>
  );
}

/** The friendly error page (or fragment, for htmx), never a stack trace. */
export function renderError(c: AppContext, status: 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500, message: MessageKey, params?: Record<string, string | number>) {
  const body = <ErrorPanel status={status} message={message} params={params} requestId={c.get('requestId')} />;
  if (wantsFragment(c)) return renderFragment(c, body, status);
  return renderPage(c, c.get('t')(TITLES[status] ?? 'error.title.500'), body, status);
}
