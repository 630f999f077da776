import type { DepartmentRow } from '../../src/admin/types.js';
import type { SchoolKind } from '../../src/admin/vocabulary.js';
import type { Queue } from '../../src/hazards/queues.js';
import { useUi } from '../ui.js';
import { Queues } from './queues.js';
import type { RiskRow } from '../../src/risks/queries.js';
import { RisksDuePanel } from '../risks/bits.js';
import type { OrderStatus } from '../../src/meetings/vocabulary.js';

type QueueProps = { queues: Queue[]; now: Date };

function Greeting() {
  const { t, user } = useUi();
  return <p class="muted">{t('home.greeting', { name: user?.displayName ?? '' })}</p>;
}

export function OfficerHome(props: QueueProps & {
  school: { name: string; kind: SchoolKind; address: string; townName: string; principalName: string; principalPhone: string } | null;
  /** the school's risk points due or overdue for review */
  risksDue: RiskRow[];
}) {
  const { t } = useUi();
  return (
    <section class="stack">
      <h1>{t('home.officer')}</h1>
      <Greeting />
      <p>
        <a class="button primary" href="/hazards/new">
          {t('hazard.report')}
        </a>
      </p>
      <Queues queues={props.queues} now={props.now} />
      <RisksDuePanel rows={props.risksDue} />
      {props.school && (
        <div class="panel">
          <h2>{props.school.name}</h2>
          <dl class="facts">
            <dt>{t('school.kind')}</dt>
            <dd>{t(`schoolKind.${props.school.kind}`)}</dd>
            <dt>{t('school.town')}</dt>
            <dd>{props.school.townName}</dd>
            <dt>{t('school.address')}</dt>
            <dd>{props.school.address || '—'}</dd>
            <dt>{t('school.principalName')}</dt>
            <dd>{[props.school.principalName, props.school.principalPhone].filter(Boolean).join(' ') || '—'}</dd>
          </dl>
        </div>
      )}
    </section>
  );
}

export function DepartmentHome(props: QueueProps & { department: DepartmentRow | null; orders: Array<{ id: number; requirements: string; deadline: string; status: OrderStatus }> }) {
  const { t, locale } = useUi();
  const d = props.department;
  return (
    <section class="stack">
      <h1>{t('home.department')}</h1>
      <Greeting />
      {/* the hazards newly assigned to the unit come first (queuePresets), then its open supervision orders */}
      <Queues queues={props.queues} now={props.now} />
      {props.orders.length > 0 && (
        <section class="panel">
          <h2>{t('home.openOrders')}</h2>
          <ul class="queue-list">
            {props.orders.map((o) => (
              <li>
                <a href={`/supervision-orders/${o.id}`}>{o.requirements.length > 50 ? o.requirements.slice(0, 50) + '…' : o.requirements}</a>
                <div class="small muted">
                  {o.deadline} · {t(`order.status.${o.status}`)}
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d && (
        <div class="panel">
          <h2>{locale === 'en' && d.nameEn ? d.nameEn : d.name}</h2>
          <dl class="facts">
            <dt>{t('department.leaderName')}</dt>
            <dd>{[d.leaderName, d.leaderPhone].filter(Boolean).join(' ') || '—'}</dd>
            <dt>{t('department.liaisonName')}</dt>
            <dd>{[d.liaisonName, d.liaisonPhone].filter(Boolean).join(' ') || '—'}</dd>
          </dl>
        </div>
      )}
    </section>
  );
}

export function SupervisorHome(props: QueueProps) {
  const { t } = useUi();
  return (
    <section class="stack">
      <h1>{t('home.supervisor')}</h1>
      <Greeting />
      <Queues queues={props.queues} now={props.now} />
    </section>
  );
}

export function LeaderHome(props: QueueProps) {
  const { t } = useUi();
  return (
    <section class="stack">
      <h1>{t('home.leader')}</h1>
      <Greeting />
      <Queues queues={props.queues} now={props.now} />
    </section>
  );
}
