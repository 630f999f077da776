import type { MessageKey } from '../../src/i18n/index.js';
import type { Page } from '../../src/lib/keyset.js';
import { shanghaiDateTime } from '../../src/lib/shanghai-time.js';
import { SECURITY_KIND_NAMES, type SecurityEvent, type SecurityLogFilter } from '../../src/security/log.js';
import { DataTable } from '../components/data-table.js';
import { Pager } from '../components/pager.js';
import { useUi } from '../ui.js';

const BASE = '/admin/security-log';

/** What one event says beyond its name: the step that failed, the counter that locked, the role change… */
function details(e: SecurityEvent, t: ReturnType<typeof useUi>['t']): string {
  const d = e.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.action) {
    case 'signInFailed':
      return t(d.step === 'secondFactor' ? 'security.step.secondFactor' : 'security.step.password') + (e.entityType === 'account' ? ` · ${t('security.unknownAccount')}` : '');
    case 'signedIn':
      return d.secondFactor === 'recovery' ? t('security.via.recovery') : d.secondFactor === 'totp' ? t('security.via.totp') : d.awaiting === 'enrolment' ? t('security.via.enrolment') : t('security.via.password');
    case 'lockedOut':
      return t(`security.counter.${['pair', 'user', 'ip', 'password', '2fa'].includes(str(d.counter)) ? str(d.counter) : 'user'}` as MessageKey);
    case 'forbidden':
      return `${str(d.method)} ${str(d.path)}`;
    case 'roleChanged':
      return `${t(`role.${str(d.from)}` as MessageKey)} → ${t(`role.${str(d.to)}` as MessageKey)}`;
    default:
      return '';
  }
}

export function SecurityLogPage(props: { page: Page<SecurityEvent>; filter: SecurityLogFilter }) {
  const { t } = useUi();
  const f = props.filter;
  return (
    <section class="stack">
      <h1>{t('security.title')}</h1>
      <p class="muted">{t('security.intro')}</p>
      <form class="filters" method="get" action={BASE} role="search">
        <div class="field">
          <label for="kind">{t('security.kind')}</label>
          <select id="kind" name="kind">
            <option value="">{t('status.all')}</option>
            {SECURITY_KIND_NAMES.map((k) => (
              <option value={k} selected={f.kind === k}>
                {t(`security.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="account">{t('security.account')}</label>
          <input id="account" name="account" type="search" value={f.account ?? ''} autocomplete="off" />
        </div>
        <div class="field">
          <label for="ip">{t('security.ip')}</label>
          <input id="ip" name="ip" type="search" value={f.ip ?? ''} autocomplete="off" />
        </div>
        <div class="field">
          <label for="from">{t('security.from')}</label>
          <input id="from" name="from" type="date" value={f.from ?? ''} />
        </div>
        <div class="field">
          <label for="to">{t('security.to')}</label>
          <input id="to" name="to" type="date" value={f.to ?? ''} />
        </div>
        <button type="submit">{t('list.filter')}</button>
      </form>
      <DataTable
        rows={props.page.rows}
        empty="list.empty"
        columns={[
          { label: 'security.time', cell: (e) => <time datetime={e.occurredAt.toISOString()}>{shanghaiDateTime(e.occurredAt)}</time> },
          { label: 'security.event', cell: (e) => t(`security.action.${e.action}` as MessageKey) },
          { label: 'security.account', cell: (e) => e.account ?? '—' },
          { label: 'security.by', cell: (e) => e.actor ?? '' },
          { label: 'security.ip', cell: (e) => e.ip ?? '' },
          { label: 'security.details', cell: (e) => details(e, t) },
        ]}
      />
      <Pager basePath={BASE} query={{ kind: f.kind, account: f.account, ip: f.ip, from: f.from, to: f.to }} next={props.page.next} prev={props.page.prev} />
    </section>
  );
}
