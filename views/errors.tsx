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
  503: 'error.title.503',
  507: 'error.title.507',
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

/** A form that could not be handled, as it was sent: its fields (files cannot be kept) and where it went. */
export interface KeptForm {
  action: string;
  values: Array<[string, string]>;
  hadFiles: boolean;
}

/** What a person typed, as opposed to ids, choices, dates and version numbers (which stay hidden). */
const typedText = (value: string) => value.trim() !== '' && !/^[\w:./+-]*$/.test(value.trim());

/**
 * The database or the disk could not serve the request (503, 507). A form is sent back as it was: its
 * fields as hidden inputs behind a "send again" button, and the text the person typed shown for copying.
 * Needs nothing from the database, which is exactly what may be down.
 */
function OutagePanel(props: { status: 503 | 507; kept: KeptForm | null; requestId?: string }) {
  const t = useT();
  const texts = props.kept?.values.filter(([, v]) => typedText(v)).map(([, v]) => v) ?? [];
  return (
    <section class="error-panel stack" role="alert">
      <h1>{t(TITLES[props.status]!)}</h1>
      <p>{t(props.status === 503 ? 'error.unavailable' : 'error.storageFull')}</p>
      {props.requestId && (
        <p class="muted small">
          {t('error.requestId')}: <code>{props.requestId}</code>
        </p>
      )}
      {props.kept && (
        <form method="post" action={props.kept.action} class="stack">
          <p>{t('error.keptInput')}</p>
          {props.kept.values.map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          {texts.length > 0 && (
            <label class="field">
              <span>{t('error.yourText')}</span>
              <textarea readonly rows={Math.min(12, 2 + texts.join('\n\n').split('\n').length)}>
                {texts.join('\n\n')}
              </textarea>
            </label>
          )}
          {props.kept.hadFiles && <p class="muted small">{t('error.filesNotKept')}</p>}
          <div class="actions">
            <button type="submit" class="primary">
              {t('error.sendAgain')}
            </button>
          </div>
        </form>
      )}
      <p>
        <a href="/">{t('error.backHome')}</a>
      </p>
    </section>
  );
}

export function renderOutage(c: AppContext, status: 503 | 507, kept: KeptForm | null) {
  if (status === 503) c.header('Retry-After', '5');
  const body = <OutagePanel status={status} kept={kept} requestId={c.get('requestId')} />;
  if (wantsFragment(c)) return renderFragment(c, body, status);
  return renderPage(c, c.get('t')(TITLES[status]!), body, status);
}
