import type { RiskLevel } from '../../src/hazards/scoring.js';
import { deadlineFlagger } from '../../src/hazards/deadlines.js';
import { shanghaiDate, shanghaiDateTime } from '../../src/lib/shanghai-time.js';
import type { HazardState } from '../../src/hazards/lifecycle.js';
import type { PhotoRow } from '../../src/hazards/types.js';
import { useUi } from '../ui.js';

/** The four colours, always with the word too (colour alone is not enough). */
export function LevelBadge(props: { level: RiskLevel | null }) {
  const { t } = useUi();
  if (!props.level) return <span class="muted">—</span>;
  return <span class={`level level-${props.level}`}>{t(`level.${props.level}`)}</span>;
}

export function StateBadge(props: { state: HazardState }) {
  const { t } = useUi();
  return <span class={`state state-${props.state.toLowerCase()}`}>{t(`state.${props.state}`)}</span>;
}

/** The deadline with its overdue / due-soon flag, computed in Asia/Shanghai dates. */
export function Deadline(props: { deadline: string | null; state: string; now: Date }) {
  const { t } = useUi();
  if (!props.deadline) return <span class="muted">—</span>;
  const flag = deadlineFlagger(props.now)(props.deadline, props.state as HazardState);
  return (
    <span class={flag === 'overdue' ? 'deadline overdue' : flag === 'soon' ? 'deadline soon' : 'deadline'}>
      {props.deadline}
      {flag === 'overdue' && <span class="flag"> {t('hazard.overdue')}</span>}
      {flag === 'soon' && <span class="flag"> {t('hazard.dueSoon')}</span>}
    </span>
  );
}

export const formatDateTime = shanghaiDateTime;

export const formatDate = shanghaiDate;

/** Photo thumbnails (the browser scales them; the full image opens on click). */
export function Thumbnails(props: { photos: PhotoRow[]; label?: string }) {
  const { t } = useUi();
  if (props.photos.length === 0) return <p class="muted small">{t('photo.none')}</p>;
  return (
    <ul class="thumbs" aria-label={props.label}>
      {props.photos.map((p) => (
        <li>
          <a href={`/photos/${p.id}`} target="_blank" rel="noopener" hx-boost="false">
            <img src={`/photos/${p.id}`} alt={t('photo.alt')} loading="lazy" width={p.width ?? undefined} height={p.height ?? undefined} />
          </a>
        </li>
      ))}
    </ul>
  );
}
