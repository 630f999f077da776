import type { ReviewStatus } from '../../src/risks/vocabulary.js';
import type { RiskRow } from '../../src/risks/queries.js';
import { LevelBadge } from '../hazards/bits.js';
import { useUi } from '../ui.js';

/** The review date with its overdue / due flag (computed in Shanghai dates by the rules). */
export function ReviewDate(props: { date: string; status: ReviewStatus | null }) {
  const { t } = useUi();
  const cls = props.status === 'overdue' ? 'deadline overdue' : props.status === 'due' ? 'deadline soon' : 'deadline';
  return (
    <span class={cls}>
      {props.date}
      {props.status && props.status !== 'ok' && <span class="flag"> {t(`risk.review.${props.status}`)}</span>}
    </span>
  );
}

/** Where a point is: the area, and for the surroundings the distance band. */
export function PlaceText(props: { place: 'campus' | 'surroundings'; area: string; distanceBand: string | null }) {
  const { t } = useUi();
  return (
    <>
      {t(`subject.${props.place}`)} · {props.area}
      {props.distanceBand && ` · ${t(`distance.${props.distanceBand as '50'}`)}`}
    </>
  );
}

/** The officer's queue of points due or overdue for review (home page). */
export function RisksDuePanel(props: { rows: RiskRow[] }) {
  const { t } = useUi();
  return (
    <section class="panel queue">
      <h2>
        {t('risk.queue.due')} <span class={props.rows.length > 0 ? 'count' : 'count zero'}>{props.rows.length}</span>
      </h2>
      {props.rows.length === 0 ? (
        <p class="muted small">{t('risk.queue.none')}</p>
      ) : (
        <ul class="queue-list">
          {props.rows.slice(0, 5).map((r) => (
            <li>
              <a href={`/risks/${r.id}`}>{r.name}</a> <LevelBadge level={r.level} />
              <div class="small">
                <ReviewDate date={r.nextReviewOn} status={r.review} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {props.rows.length > 0 && (
        <a class="small" href="/risks?review=due">
          {t('queue.seeAll')} →
        </a>
      )}
    </section>
  );
}
