import type { AdminCounts } from '../../src/admin/stats.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { useT } from '../ui.js';

const CARDS: Array<{ key: keyof AdminCounts; href: string; label: MessageKey }> = [
  { key: 'users', href: '/admin/users', label: 'user.plural' },
  { key: 'towns', href: '/admin/towns', label: 'town.plural' },
  { key: 'schools', href: '/admin/schools', label: 'school.plural' },
  { key: 'institutions', href: '/admin/institutions', label: 'institution.plural' },
  { key: 'departments', href: '/admin/departments', label: 'department.plural' },
  { key: 'categories', href: '/admin/categories', label: 'category.plural' },
];

export function AdminHome(props: { counts: AdminCounts }) {
  const t = useT();
  return (
    <section class="stack">
      <h1>{t('admin.title')}</h1>
      <p class="muted">{t('admin.intro')}</p>
      <div class="cards">
        {CARDS.map((card) => (
          <a class="card" href={card.href}>
            <span class="card-count">{props.counts[card.key]}</span>
            <span class="card-label">{t(card.label)}</span>
          </a>
        ))}
      </div>
    </section>
  );
}
