import { QUEUE_COUNT_CAP, type Queue } from '../../src/hazards/queues.js';
import { Deadline, LevelBadge, StateBadge } from '../hazards/bits.js';
import { useUi } from '../ui.js';

/** A role's work queues: each a count, its first few hazards, and a link to the full list. */
export function Queues(props: { queues: Queue[]; now: Date }) {
  const { t } = useUi();
  return (
    <div class="queues">
      {props.queues.map((q) => (
        <section class="panel queue">
          <h2>
            {t(q.title)} <span class={q.count > 0 ? 'count' : 'count zero'}>{q.count > QUEUE_COUNT_CAP ? `${QUEUE_COUNT_CAP}+` : q.count}</span>
          </h2>
          {q.rows.length === 0 ? (
            <p class="muted small">{t('queue.empty')}</p>
          ) : (
            <ul class="queue-list">
              {q.rows.map((r) => (
                <li>
                  <a href={`/hazards/${r.id}`}>{r.number}</a> <StateBadge state={r.state} /> <LevelBadge level={r.riskLevel} />
                  <div class="small">
                    {r.schoolName ?? r.institutionName} · {r.location}
                  </div>
                  <div class="small">
                    <Deadline deadline={r.deadline} state={r.state} now={props.now} />
                  </div>
                </li>
              ))}
            </ul>
          )}
          {q.count > 0 && (
            <a class="small" href={q.href}>
              {t('queue.seeAll')} →
            </a>
          )}
        </section>
      ))}
    </div>
  );
}
