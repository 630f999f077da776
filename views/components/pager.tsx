import { useT } from '../ui.js';

/** Previous/next links of a keyset-paginated list; `query` keeps the current filters. */
export function Pager(props: { basePath: string; query: Record<string, string | undefined>; next: string | null; prev: string | null }) {
  const t = useT();
  const link = (cursorName: 'after' | 'before', cursor: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(props.query)) if (v) params.set(k, v);
    params.set(cursorName, cursor);
    return `${props.basePath}?${params.toString()}`;
  };
  if (!props.next && !props.prev) return null;
  return (
    <nav class="pager" aria-label={t('list.pagination')}>
      {props.prev ? (
        <a href={link('before', props.prev)} rel="prev">
          ← {t('list.prev')}
        </a>
      ) : (
        <span />
      )}
      {props.next ? (
        <a href={link('after', props.next)} rel="next">
          {t('list.next')} →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
