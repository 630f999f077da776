import { ATTACHMENT_ACCEPT, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_FORM, formatBytes } from '../../src/attachments/files.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { useT } from '../ui.js';

export interface AttachmentItem {
  id: string;
  fileName: string;
  bytes: number;
}

/**
 * The file input of a form that takes attachments (the form must be multipart). Chosen files are sent
 * with the form; when the form comes back with an error they must be chosen again (the hint says so).
 */
export function AttachmentField(props: { error?: MessageKey }) {
  const t = useT();
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for="f-files">{t('attachment.label')}</label>
      <input
        id="f-files"
        name="files"
        type="file"
        multiple
        accept={ATTACHMENT_ACCEPT}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? 'f-files-hint f-files-error' : 'f-files-hint'}
      />
      <p class="hint" id="f-files-hint">
        {t('attachment.hint', { max: MAX_ATTACHMENTS_PER_FORM, size: MAX_ATTACHMENT_BYTES / (1024 * 1024) })}
      </p>
      {props.error && (
        <p class="field-error" id="f-files-error">
          {t(props.error)}
        </p>
      )}
    </div>
  );
}

/** Download links (a download is a file, not a page: htmx must not boost it). */
export function AttachmentList(props: { files?: AttachmentItem[] }) {
  const t = useT();
  if (!props.files?.length) return null;
  return (
    <ul class="plain small" aria-label={t('attachment.label')}>
      {props.files.map((f) => (
        <li>
          <a href={`/attachments/${f.id}`} hx-boost="false" download={f.fileName} class="break">
            {f.fileName}
          </a>{' '}
          <span class="muted">({formatBytes(f.bytes)})</span>
        </li>
      ))}
    </ul>
  );
}
