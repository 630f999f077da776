import { useUi } from '../ui.js';

/** Opens the browser's print dialog (public/js/page.js); hidden on paper with the other controls. */
export function PrintButton() {
  const { t } = useUi();
  return (
    <button type="button" class="button no-print" data-print="">
      {t('action.print')}
    </button>
  );
}
