// The draft agenda's list with the supervisor's tools: each item can be moved or removed on its own, or
// several at once (checkboxes), and the system's proposals left off the short list can be added.
// Every control belongs to one form (the `form` attribute), so no form sits inside another and htmx
// swaps the agenda section in place: the page does not jump, and focus returns to the control of the
// same id in the new section.
import type { MeetingDetail } from '../../src/meetings/types.js';
import type { AgendaItem } from '../../src/meetings/agenda.js';
import { proposalKey } from '../../src/meetings/agenda.js';
import type { FormState } from '../components/form.js';
import { useUi } from '../ui.js';

type Item = MeetingDetail['agenda']['items'][number];

export const AGENDA_LINK: Record<string, (id: number) => string> = {
  hazardVerification: (id) => `/hazards/${id}`,
  majorHazard: (id) => `/hazards/${id}`,
  overdueHazard: (id) => `/hazards/${id}`,
  supervisionOrder: (id) => `/supervision-orders/${id}`,
  resolutionReview: (id) => `/resolutions/${id}`,
  riskAssessment: (id) => `/risks/${id}`,
};

const FORM_ID = 'agenda-arrange';

/** The form the arranging controls belong to; htmx answers it with the agenda section. */
export function ArrangeForm(props: { meetingId: number }) {
  const action = `/meetings/${props.meetingId}/agenda`;
  return <form id={FORM_ID} method="post" action={action} hx-post={action} hx-target="#agenda" hx-swap="outerHTML" novalidate></form>;
}

/** Move up/down and remove for one item: each button posts to the item's own address (formaction, and hx-post for htmx). */
function ItemTools(props: { meetingId: number; item: Item; first: boolean; last: boolean }) {
  const { t } = useUi();
  const url = `/meetings/${props.meetingId}/agenda/${props.item.id}`;
  return (
    <span class="agenda-tools no-print">
      {/* Every button is always there (aria-disabled at the ends, a no-op on the server), so focus can
          stay on the one just used when the item reaches the top or the bottom. */}
      {(['up', 'down', 'remove'] as const).map((c) => (
          <button
            aria-disabled={(c === 'up' && props.first) || (c === 'down' && props.last) ? 'true' : undefined}
            type="submit"
            form={FORM_ID}
            formaction={url}
            hx-post={url}
            hx-target="#agenda"
            hx-swap="outerHTML"
            name="change"
            value={c}
            id={`agenda-${c}-${props.item.id}`}
            class="small-button"
            aria-label={`${t(`agenda.${c}`)}: ${props.item.title}`}
          >
            {t(`agenda.${c}`)}
          </button>
        ))}
    </span>
  );
}

/** The checkbox that selects an item for the bulk tools. */
export function ItemSelect(props: { item: Item }) {
  const { t } = useUi();
  return (
    <input
      type="checkbox"
      form={FORM_ID}
      name="item"
      value={String(props.item.id)}
      id={`agenda-select-${props.item.id}`}
      class="agenda-select no-print"
      aria-label={t('agenda.select', { title: props.item.title })}
    />
  );
}

export function ItemToolsFor(props: { meetingId: number; items: Item[]; index: number }) {
  const item = props.items[props.index]!;
  return <ItemTools meetingId={props.meetingId} item={item} first={props.index === 0} last={props.index === props.items.length - 1} />;
}

/** Remove or move the selected items together. */
export function BulkTools(props: { form?: FormState }) {
  const { t } = useUi();
  const error = props.form?.errors?.items;
  return (
    <div class="agenda-bulk no-print" role="group" aria-label={t('agenda.selected')}>
      <span class="muted small">{t('agenda.selected')}</span>
      <button type="submit" form={FORM_ID} name="action" value="moveTop" id="agenda-bulk-top" class="small-button">
        {t('agenda.moveTop')}
      </button>
      <button type="submit" form={FORM_ID} name="action" value="moveBottom" id="agenda-bulk-bottom" class="small-button">
        {t('agenda.moveBottom')}
      </button>
      <button type="submit" form={FORM_ID} name="action" value="removeSelected" id="agenda-bulk-remove" class="small-button danger">
        {t('agenda.removeSelected')}
      </button>
      {error && (
        <p class="field-error" role="alert">
          {t('agenda.selected')}：{t(error)}
        </p>
      )}
    </div>
  );
}

/**
 * The proposals left off the short list (or removed), offered to add: shown on `?more=1`, where the
 * page computes them; otherwise a link to them.
 */
export function MoreProposals(props: { meetingId: number; more?: AgendaItem[]; form?: FormState }) {
  const { t } = useUi();
  if (!props.more) {
    return (
      <p class="no-print">
        <a href={`/meetings/${props.meetingId}?more=1#agenda-more`}>{t('agenda.moreLink')}</a>
      </p>
    );
  }
  const error = props.form?.errors?.proposals;
  return (
    <fieldset class="agenda-more no-print" id="agenda-more">
      <legend>{t('agenda.moreTitle', { n: props.more.length })}</legend>
      {props.more.length === 0 ? (
        <p class="muted small">{t('agenda.moreNone')}</p>
      ) : (
        <>
          <ul class="plain">
            {props.more.map((item) => (
              <li>
                <label class="check">
                  <input type="checkbox" form={FORM_ID} name="proposal" value={proposalKey(item)} /> <span class="badge">{t(`agenda.kind.${item.kind}`)}</span> {item.title}
                  <span class="muted small"> · {t(`agenda.reason.${item.reason}`)}</span>
                </label>
              </li>
            ))}
          </ul>
          {/* the answer to the arranging form keeps this list open */}
          <input type="hidden" form={FORM_ID} name="more" value="1" />
          <button type="submit" form={FORM_ID} name="action" value="addProposed" id="agenda-add-proposed">
            {t('agenda.addProposed')}
          </button>
        </>
      )}
      {error && (
        <p class="field-error" role="alert">
          {t('agenda.moreTitle', { n: props.more.length })}：{t(error)}
        </p>
      )}
    </fieldset>
  );
}
