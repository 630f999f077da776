import { formatDateTime } from './hazards/bits.js';
import { useUi } from './ui.js';
import type { NotificationKind } from '../src/inbox/kinds.js';

interface InboxRow {
  id: number;
  kind: NotificationKind;
  params: Record<string, string | number>;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}

export function InboxPage(props: { rows: InboxRow[]; more: boolean }) {
  const { t } = useUi();
  return (
    <section class="stack narrow">
      <div class="page-head">
        <h1>{t('inbox.title')}</h1>
        {props.rows.some((r) => !r.readAt) && (
          <form method="post" action="/inbox/read-all">
            <button type="submit">{t('inbox.readAll')}</button>
          </form>
        )}
      </div>
      {props.rows.length === 0 ? (
        <p class="empty">{t('inbox.empty')}</p>
      ) : (
        <ul class="inbox">
          {props.rows.map((r) => (
            <li class={r.readAt ? 'read' : 'unread'}>
              <form method="post" action={`/inbox/${r.id}/read`}>
                <input type="hidden" name="next" value={r.link} />
                <button type="submit" class="link">
                  {!r.readAt && <span class="dot" role="img" aria-label={t('inbox.unread')} />}
                  {t(`notice.${r.kind}`, r.params)}
                </button>
              </form>
              <span class="muted small">{formatDateTime(r.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {props.more && props.rows.length > 0 && (
        <p>
          <a href={`/inbox?before=${props.rows[props.rows.length - 1]!.id}`}>{t('list.next')} →</a>
        </p>
      )}
    </section>
  );
}
