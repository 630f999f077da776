import type { RegisterFilter, RegisterOptions } from '../../src/hazards/types.js';
import type { MessageKey, Translate } from '../../src/i18n/index.js';
import type { Option } from '../components/form.js';
import { useUi } from '../ui.js';

export interface Chip {
  label: string;
  /** the register without this one filter */
  href: string;
}

const FLAGS: Array<[keyof RegisterFilter, MessageKey]> = [
  ['open', 'filter.open'],
  ['overdue', 'hazard.overdue'],
  ['dueSoon', 'hazard.dueSoon'],
  ['listed', 'hazard.listedShort'],
  ['waiting', 'filter.waiting'],
  ['verifyOverdue', 'filter.verifyOverdue'],
];

const nameIn = (options: Option[], id: number | undefined) => options.find((o) => o.value === String(id))?.label ?? String(id);

/** The active filters as chips, each a link to the register without it (and from its first page). */
export function activeFilterChips(f: RegisterFilter, options: RegisterOptions, query: string, t: Translate): Chip[] {
  const without = (...names: string[]) => {
    const params = new URLSearchParams(query);
    for (const name of [...names, 'after', 'before']) params.delete(name);
    const rest = params.toString();
    return rest ? `/hazards?${rest}` : '/hazards';
  };
  const chips: Chip[] = [];
  const add = (param: string, label: MessageKey, value: string) => chips.push({ label: t('register.chip', { name: t(label), value }), href: without(param) });
  if (f.q) add('q', 'hazard.search', f.q);
  if (f.state) add('state', 'hazard.state', t(`state.${f.state}`));
  if (f.level) add('level', 'hazard.level', t(`level.${f.level}`));
  if (f.grade) add('grade', 'hazard.grade', t(`grade.${f.grade}`));
  if (f.category) add('category', 'hazard.category', nameIn(options.categories, f.category));
  if (f.town) add('town', 'school.town', nameIn(options.towns, f.town));
  if (f.school) add('school', 'hazard.school', nameIn(options.schools, f.school));
  if (f.department) add('department', 'hazard.department', nameIn(options.departments, f.department));
  if (f.source) add('source', 'hazard.source', t(`source.${f.source}`));
  if (f.from) add('from', 'filter.foundFrom', f.from);
  if (f.to) add('to', 'filter.foundTo', f.to);
  for (const [name, label] of FLAGS) if (f[name]) chips.push({ label: t(label), href: without(name) });
  return chips;
}

/** The chips, and the number of results: exact up to the cap, "cap+" beyond it (counting further is slow). */
export function ResultsSummary(props: { chips: Chip[]; count: number; cap: number }) {
  const { t } = useUi();
  const many = props.count > props.cap;
  const n = new Intl.NumberFormat('en').format(many ? props.cap : props.count);
  return (
    <div class="results-summary">
      <p class="result-count" id="register-count">
        {many ? t('register.countMany', { n }) : t('register.count', { n })}
      </p>
      {props.chips.length > 0 && (
        <ul class="chips" aria-label={t('register.activeFilters')}>
          {props.chips.map((chip) => (
            <li>
              <a class="chip" href={chip.href} aria-label={t('register.removeFilter', { label: chip.label })}>
                {chip.label} <span aria-hidden="true">×</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
