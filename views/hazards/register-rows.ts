// The register's table rows: the most-rendered markup of the app (50 rows on every register page and
// every keystroke of a search). Written as one escaped template instead of JSX because hono/jsx builds
// and walks an element object per tag: this is about three times cheaper per row (`npm run bench`,
// README). The markup is the same as the JSX components in bits.tsx produce: keep them in step.
// The column order (number, school, category, location, state, level, lead, deadline, found) is what the
// phone cards in app.css lay out by nth-child: keep them in step.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { deadlineFlagger } from '../../src/hazards/deadlines.js';
import type { HazardState } from '../../src/hazards/lifecycle.js';
import type { RegisterRow } from '../../src/hazards/types.js';
import type { Locale } from '../../src/auth/roles.js';
import type { Translate } from '../../src/i18n/index.js';
import { formatDate } from './bits.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function registerTableRows(rows: RegisterRow[], t: Translate, locale: Locale, now: Date): Html[] {
  const label = {
    number: t('hazard.number'),
    school: t('hazard.school'),
    category: t('hazard.category'),
    location: t('hazard.location'),
    state: t('hazard.state'),
    level: t('hazard.level'),
    lead: t('hazard.lead'),
    deadline: t('hazard.deadline'),
    foundAt: t('hazard.foundAt'),
  };
  const en = locale === 'en';
  const flagOf = deadlineFlagger(now);
  const none = html`<span class="muted">—</span>`;
  const listed = html`<span class="badge listed">${t('hazard.listedShort')}</span>`;
  const major = html`<span class="badge major">${t('grade.major')}</span>`;
  const flagText = { overdue: t('hazard.overdue'), soon: t('hazard.dueSoon') };

  return rows.map((r) => {
    const level = r.riskLevel ? html`<span class="level level-${r.riskLevel}">${t(`level.${r.riskLevel}`)}</span>` : none;
    const lead = r.assignedToSchool ? t('hazard.theSchool') : ((en && r.leadNameEn ? r.leadNameEn : r.leadShortName) ?? '—');
    const state = r.state as HazardState;
    const flag = flagOf(r.deadline, state);
    const deadline = r.deadline
      ? html`<span class="${flag === 'overdue' ? 'deadline overdue' : flag === 'soon' ? 'deadline soon' : 'deadline'}">${r.deadline}${flag ? html`<span class="flag"> ${flagText[flag]}</span>` : ''}</span>`
      : none;
    return html`<tr><td data-label="${label.number}"><a href="/hazards/${r.id}">${r.number}</a>${r.listed ? listed : ''}</td><td data-label="${label.school}">${r.schoolName ?? r.institutionName}<span class="muted small"> · ${r.townName}</span></td><td data-label="${label.category}">${en && r.categoryNameEn ? r.categoryNameEn : r.categoryName}</td><td data-label="${label.location}">${r.location}</td><td data-label="${label.state}"><span class="state state-${state.toLowerCase()}">${t(`state.${state}`)}</span></td><td data-label="${label.level}">${level}${r.grade === 'major' ? major : ''}</td><td data-label="${label.lead}">${lead}</td><td data-label="${label.deadline}">${deadline}</td><td data-label="${label.foundAt}">${formatDate(r.foundAt)}</td></tr>`;
  });
}
