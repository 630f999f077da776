import type { Child } from 'hono/jsx';
import { formatLongDate } from '../../src/lib/shanghai-time.js';
import { useUi } from '../ui.js';

/**
 * One official document in the GB/T 9704-2012 layout — the print layout every kind of document uses
 * (minutes, supervision orders; the coming briefs, notices and 通报 too). The caller gives the words; the
 * layout is here and in the `.gbt` rules of app.css:
 * red masthead (发文机关标志) and red separator line with the number between them; the title in 小标宋;
 * the body in 仿宋 with two-character first-line indents; the issuing body and the date (成文日期, Arabic
 * numerals) at the end; the 版记 (抄送, 印发机关 and 印发日期) between rules. Page numbers "— 1 —" come from
 * the @page rules of the print stylesheet (decision 0041).
 */
export interface OfficialDocumentProps {
  /** the red masthead, e.g. 浈江区教育局 */
  masthead: string;
  /** 浈教安督〔2026〕12号; null for a document from before numbering */
  number: string | null;
  title: string;
  /** the signature block: the issuing body */
  issuer: string;
  /** 成文日期 and 印发日期: 'YYYY-MM-DD' (Shanghai) */
  date: string;
  /** 抄送 line ('' leaves it out) */
  copyTo: string;
  printedBy: string;
  /** the body: paragraphs (`<p>`) and headings of the document */
  children: Child;
  /** what follows the signature (e.g. addenda to minutes) */
  after?: Child;
}

/** Dates in official documents are Chinese whatever the interface language: 2026年11月29日. */
const officialDate = (date: string) => formatLongDate(date, 'zh-CN');

export function OfficialDocument(props: OfficialDocumentProps) {
  const { t } = useUi();
  return (
    <>
      <div class="actions no-print">
        {/* public/js/page.js opens the browser's print dialog (data-print); without script the browser's own Print does the same. */}
        <button type="button" class="primary" data-print>
          {t('document.print')}
        </button>
        <span class="muted small">{t('document.printHint')}</span>
      </div>
      <article class="gbt" lang="zh-CN">
        <header class="gbt-head">
          <p class="gbt-masthead">{props.masthead}</p>
          {props.number && <p class="gbt-number">{props.number}</p>}
          <hr class="gbt-rule" />
        </header>
        <h1 class="gbt-title">{props.title}</h1>
        <div class="gbt-body">{props.children}</div>
        <div class="gbt-signature">
          <p>{props.issuer}</p>
          <p>{officialDate(props.date)}</p>
        </div>
        {props.after}
        <footer class="gbt-record">
          {props.copyTo.trim() && (
            <p class="gbt-copy">
              {t('document.copyTo')}
              {t('punct.colon')}
              {props.copyTo.trim().replace(/[。.]$/, '')}。
            </p>
          )}
          <p class="gbt-printed">
            <span>{props.printedBy}</span>
            <span>
              {officialDate(props.date)}
              {t('document.printedOn')}
            </span>
          </p>
        </footer>
      </article>
    </>
  );
}
