import type { DocumentSettings } from '../../src/documents/settings.js';
import { shanghaiDate, formatLongDate } from '../../src/lib/shanghai-time.js';
import type { OrderDetail } from '../../src/meetings/types.js';
import { useUi } from '../ui.js';
import { OfficialDocument } from './official-document.js';

/**
 * The supervision order (督办单) as the official document the unit receives: addressed to the unit (主送),
 * the requirements, the hazard or resolution it concerns and the deadline for the written answer.
 */
export function SupervisionOrderPrint(props: { detail: OrderDetail; settings: DocumentSettings }) {
  const { t } = useUi();
  const { detail, settings } = props;
  const o = detail.order;
  return (
    <div class="stack">
      <p class="crumbs no-print">
        <a href={`/supervision-orders/${o.id}`}>← {t('order.title')}</a>
      </p>
      <OfficialDocument
        masthead={settings.mastheads.order}
        number={o.documentNumber}
        title={t('order.printTitle')}
        issuer={settings.issuer}
        date={shanghaiDate(o.createdAt)}
        copyTo={settings.copyTo}
        printedBy={settings.printedBy}
      >
        <p>{t('order.printTo', { unit: detail.unitName })}</p>
        <p class="indent">{t('order.printRequirements')}</p>
        {o.requirements
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => (
            // Typed as a list of requirements, often without the full stop a document needs.
            <p class="indent">{/[。！？；：.!?;:]$/.test(line.trim()) ? line.trim() : `${line.trim()}。`}</p>
          ))}
        {detail.hazardNumber && <p class="indent">{t('order.printHazard', { number: detail.hazardNumber })}</p>}
        {detail.resolutionContent && <p class="indent">{t('order.printResolution', { content: detail.resolutionContent })}</p>}
        <p class="indent">{t('order.printDeadline', { date: formatLongDate(o.deadline, 'zh-CN'), issuer: settings.issuer })}</p>
      </OfficialDocument>
    </div>
  );
}
