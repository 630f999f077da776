import type { Child } from 'hono/jsx';
import type { MessageKey } from '../../src/i18n/index.js';
import { useUi } from '../ui.js';

export interface Column<T> {
  label: MessageKey;
  cell: (row: T) => Child;
}

/**
 * A list as a table, or a line saying it is empty. Each cell carries its column's label, which the
 * phone layout shows beside the value (the table folds into cards there).
 */
export function DataTable<T>(props: { rows: T[]; columns: Column<T>[]; empty: MessageKey }) {
  const { t } = useUi();
  if (props.rows.length === 0) return <p class="empty">{t(props.empty)}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.columns.map((col) => (
              <th scope="col">{t(col.label)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((col) => (
                <td data-label={t(col.label)}>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
