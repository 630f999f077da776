/**
 * The live meeting page: the supervisor walks the frozen agenda and decides item by item. Every step
 * answers htmx with the live area (swapped in place) and a plain browser with a redirect back to the
 * item. Hazard decisions run through the register's own action table, marked as taken at the meeting.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { recordId } from '../lib/form-fields.js';
import type { AppContext, AppEnv } from '../env.js';
import { departmentOptions } from '../admin/specs.js';
import { attachmentsOf } from '../attachments/service.js';
import { authorizeHazardAction, performHazardAction, type Problem } from '../hazards/actions.js';
import { hazardDetail } from '../hazards/detail.js';
import { isValidDate } from '../lib/shanghai-time.js';
import { reportFormOptions } from '../hazards/options.js';
import { scoringConfig } from '../hazards/settings.js';
import type { MessageKey } from '../i18n/index.js';
import { DomainError, FieldErrors } from '../lib/errors.js';
import { setFlash } from '../lib/flash.js';
import { oneOf, optionalText, versionField } from '../lib/form-fields.js';
import { attempt, readForm, validate, type FormValues } from '../lib/forms.js';
import { actorOf, currentUser, seeOther, wantsFragment } from '../lib/http.js';
import type { HazardActionPath } from '../policy.js';
import { renderError } from '../../views/errors.js';
import { LiveArea, LiveNotOpen, LivePage, type LiveData } from '../../views/meetings/live.js';
import { MeetingDetailPage } from '../../views/meetings/pages.js';
import { topicFiles } from '../attachments/service.js';
import { renderFragment, renderPage } from '../../views/render.js';
import { noteAgendaItem } from './agenda-service.js';
import { checkSchema, orderSchema, resolutionSchema } from './forms.js';
import { isHazardItem, LIVE_HAZARD_ACTIONS, walkAgenda } from './live.js';
import { assertInSession, atMeeting, closeSitting, deferItem, openSitting, reviewResolution, setOutcome, type LiveActor } from './live-service.js';
import { checkOrder, issueOrder, loadOrder } from './order-service.js';
import { createResolution, loadResolution } from './resolution-service.js';
import { MEETING_VERDICTS } from './resolutions.js';
import { loadMeeting } from './service.js';
import { assessSchema, scoringOf } from '../risks/forms.js';
import { loadRisk } from '../risks/queries.js';
import { reassessRisk } from '../risks/service.js';

export const liveRoutes = new Hono<AppEnv>();

const idParam = recordId;

const liveActor = (c: AppContext): LiveActor => ({ ...actorOf(c), user: currentUser(c), now: c.get('deps').clock.now() });

const reviewSchema = z.object({
  version: versionField(),
  verdict: oneOf(MEETING_VERDICTS),
  report: optionalText(2000),
  newDeadline: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isValidDate(v), 'validation.date'),
});

/** Everything the live page shows for one item; null when the meeting is not visible to the user. */
async function liveData(c: AppContext, meetingId: number, itemId: number | null, extra: Pick<LiveData, 'problem' | 'notice' | 'noticeText'> = {}): Promise<LiveData | null> {
  const db = c.get('db');
  const user = currentUser(c);
  const now = c.get('deps').clock.now();
  const detail = await loadMeeting(db, user, meetingId, c.get('deps').clock.now());
  if (!detail) return null;
  assertInSession(detail.meeting);
  const walk = walkAgenda(detail.agenda.items, itemId);
  const data: LiveData = { detail, walk, units: await departmentOptions(db, c.get('t'), c.get('locale')), now, ...extra };
  const item = walk.current;
  if (!item?.refId) return data;
  if (isHazardItem(item.kind)) {
    data.hazard = await hazardDetail(db, user, item.refId, now);
    if (data.hazard?.actions.includes('assign')) data.hazardOptions = await reportFormOptions(db, user, c.get('t'), c.get('locale'));
    if (data.hazard?.actions.includes('verify')) data.scoring = await scoringConfig(db);
  } else if (item.kind === 'resolutionReview') {
    data.resolution = await loadResolution(db, user, item.refId);
  } else if (item.kind === 'riskAssessment') {
    data.risk = await loadRisk(db, user, item.refId, now);
  } else if (item.kind === 'supervisionOrder') {
    data.order = await loadOrder(db, user, item.refId);
  } else if (item.kind === 'topic') {
    data.topic = detail.agenda.topics.find((t) => t.id === item.refId) ?? null;
    data.topicFiles = (await attachmentsOf(db, 'topic', [item.refId])).get(item.refId) ?? [];
  }
  return data;
}

type Outcome = { notice: MessageKey } | { problem: Problem; status: 409 | 422 };

/** After a step: the live area for htmx, the page again for a refused plain form, else a redirect. */
async function respond(c: AppContext, meetingId: number, itemId: number, outcome: Outcome) {
  const problem = 'problem' in outcome ? outcome.problem : undefined;
  const status = 'problem' in outcome ? outcome.status : 200;
  if (wantsFragment(c) || problem) {
    const data = await liveData(c, meetingId, itemId, { problem, notice: 'notice' in outcome ? outcome.notice : undefined });
    if (!data) return c.notFound();
    if (wantsFragment(c)) return renderFragment(c, <LiveArea {...data} />, status);
    return renderPage(c, c.get('t')('live.title'), <LivePage {...data} />, status);
  }
  setFlash(c, (outcome as { notice: MessageKey }).notice);
  return seeOther(c, `/meetings/${meetingId}/live?item=${itemId}`);
}

/** Runs a decision; bad input and conflicts come back on the item's form, with what was typed. */
async function decide(c: AppContext, meetingId: number, itemId: number, action: string, values: FormValues, run: () => Promise<MessageKey>) {
  const done = await attempt(run);
  if (!done.ok) return respond(c, meetingId, itemId, { problem: { action, values, errors: done.errors }, status: done.status });
  return respond(c, meetingId, itemId, { notice: done.value });
}

/** Opening or closing refused: the meeting page (where the open button is) with the reason. */
async function sittingRefused(c: AppContext, meetingId: number, reason: MessageKey, status: 409 | 422) {
  const now = c.get('deps').clock.now();
  const detail = await loadMeeting(c.get('db'), currentUser(c), meetingId, now);
  if (!detail) return c.notFound();
  return renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={now} sittingProblem={reason} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
}

liveRoutes.post('/meetings/:id/open', async (c) => {
  const id = idParam(c.req.param('id'));
  if (!id || !(await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()))) return c.notFound();
  const done = await attempt(() => openSitting(c.get('db'), liveActor(c), id));
  if (!done.ok) return sittingRefused(c, id, done.errors._form ?? 'validation.invalid', done.status);
  setFlash(c, 'live.flash.opened');
  return seeOther(c, `/meetings/${id}/live`);
});

/** 结束会议: the sitting is over; the meeting is held and its minutes can be issued. */
liveRoutes.post('/meetings/:id/close', async (c) => {
  const id = idParam(c.req.param('id'));
  if (!id || !(await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()))) return c.notFound();
  const done = await attempt(() => closeSitting(c.get('db'), liveActor(c), id));
  if (!done.ok) return sittingRefused(c, id, done.errors._form ?? 'validation.invalid', done.status);
  setFlash(c, 'live.flash.closed');
  return seeOther(c, `/meetings/${id}`);
});

liveRoutes.get('/meetings/:id/live', async (c) => {
  const id = idParam(c.req.param('id'));
  if (!id) return c.notFound();

  // The flash of the step that led here (e.g. "opened") shows inside the live area, so the next
  // in-place step replaces it instead of leaving it stale above the page.
  let data: LiveData | null;
  try {
    data = await liveData(c, id, idParam(c.req.query('item')), { noticeText: c.get('flash') ?? undefined });
  } catch (err) {
    // A held meeting has no live page any more: back to the meeting (e.g. after the browser's back button).
    if (err instanceof DomainError && err.messageKey === 'live.error.closed') {
      setFlash(c, 'live.error.closed');
      return seeOther(c, `/meetings/${id}`);
    }
    return notInSession(c, id, err);
  }
  if (!data) return c.notFound();
  c.set('flash', null);
  if (wantsFragment(c)) return renderFragment(c, <LiveArea {...data} />);
  return renderPage(c, `${c.get('t')('live.title')} · ${data.detail.meeting.title}`, <LivePage {...data} />);
});

/**
 * Before the sitting is opened (or for a cancelled meeting) the live page says so and links back to the
 * meeting, instead of the generic "changed by someone else" page. Anything else is thrown on.
 */
async function notInSession(c: AppContext, meetingId: number, err: unknown) {
  const key = err instanceof DomainError ? err.messageKey : null;
  if (key !== 'live.error.notStarted' && key !== 'live.error.cancelled') throw err;
  const detail = await loadMeeting(c.get('db'), currentUser(c), meetingId, c.get('deps').clock.now());
  if (!detail) return c.notFound();
  const page = <LiveNotOpen meeting={detail.meeting} reason={key} />;
  if (wantsFragment(c)) return renderFragment(c, page, 409);
  return renderPage(c, `${c.get('t')('live.notOpenTitle')} · ${detail.meeting.title}`, page, 409);
}

/**
 * The meeting (visible to the user, else null → 404), in session (else 409), and one of its agenda
 * items (else null → 404), from the one load of the meeting.
 */
async function sittingItem(c: AppContext, actor: LiveActor, meetingId: number, itemId: number) {
  const detail = await loadMeeting(c.get('db'), actor.user, meetingId, actor.now);
  if (!detail) return null;
  assertInSession(detail.meeting);
  const item = detail.agenda.items.find((i) => i.id === itemId);
  return item ? { meeting: detail.meeting, item } : null;
}

/** Notes, deferral, a resolution, a report on a resolution, an order, an order's check. */
liveRoutes.post('/meetings/:id/live/:itemId', async (c) => {
  const id = idParam(c.req.param('id'));
  const itemId = idParam(c.req.param('itemId'));
  const actor = liveActor(c);
  if (!id || !itemId) return c.notFound();
  const sitting = await sittingItem(c, actor, id, itemId).catch((err: unknown) => notInSession(c, id, err));
  if (sitting instanceof Response) return sitting;
  if (!sitting) return c.notFound();
  const { meeting, item } = sitting;
  const tagged = atMeeting(actor, meeting);
  const values = await readForm(c);
  const db = c.get('db');
  const hazardId = isHazardItem(item.kind) ? item.refId : null;
  const resolutionId = item.kind === 'resolutionReview' ? item.refId : null;
  switch (values.do) {
    case 'note':
      return decide(c, id, itemId, 'note', values, async () => {
        await noteAgendaItem(db, tagged, id, itemId, typeof values.note === 'string' ? values.note.slice(0, 4000) : '');
        if (values.outcome !== 'discussed' || item.outcome !== '') return 'live.flash.noted';
        await setOutcome(db, tagged, id, itemId, 'discussed');
        return 'live.flash.discussed';
      });
    case 'defer':
      return decide(c, id, itemId, 'defer', values, async () => {
        await deferItem(db, actor, id, itemId, typeof values.reason === 'string' ? values.reason.slice(0, 1000) : '');
        return 'live.flash.deferred';
      });
    case 'resolution':
      return decide(c, id, itemId, 'resolution', values, async () => {
        const parsed = validate(resolutionSchema, values);
        if (!parsed.ok) throw new FieldErrors(parsed.errors);
        await createResolution(db, { ...tagged, userId: actor.user.id }, { ...parsed.data, meetingId: id, agendaItemId: itemId, hazardId }, actor.now);
        await setOutcome(db, tagged, id, itemId, 'decided');
        return 'resolution.flash.created';
      });
    case 'review':
      return decide(c, id, itemId, 'review', values, async () => {
        const parsed = validate(reviewSchema, values);
        if (!parsed.ok) throw new FieldErrors(parsed.errors);
        if (!resolutionId || !(await loadResolution(db, actor.user, resolutionId))) throw new DomainError(409, 'live.notVisible');
        await reviewResolution(db, actor, id, itemId, resolutionId, parsed.data);
        return 'live.flash.decided';
      });
    case 'order':
      return decide(c, id, itemId, 'order', values, async () => {
        const parsed = validate(orderSchema, values);
        if (!parsed.ok) throw new FieldErrors(parsed.errors);
        await issueOrder(db, { ...tagged, userId: actor.user.id }, { ...parsed.data, hazardId, resolutionId }, actor.now);
        await setOutcome(db, tagged, id, itemId, 'decided');
        return 'order.flash.issued';
      });
    case 'assess':
      // 研判: the members confirm or change the point's level, with a reason, through the register's own re-assessment.
      return decide(c, id, itemId, 'assess', values, async () => {
        if (item.kind !== 'riskAssessment' || !item.refId || !(await loadRisk(db, actor.user, item.refId, actor.now))) throw new DomainError(409, 'live.notVisible');
        const parsed = validate(assessSchema, values);
        if (!parsed.ok) throw new FieldErrors(parsed.errors);
        const d = parsed.data;
        await reassessRisk(db, { ...tagged, userId: actor.user.id }, item.refId, d.version, { scoring: scoringOf(d), reason: d.reason, nextReviewOn: d.nextReviewOn }, d.measuresEmergency, actor.now);
        await setOutcome(db, tagged, id, itemId, 'decided');
        return 'risk.flash.assessed';
      });
    case 'check':
      return decide(c, id, itemId, 'check', values, async () => {
        const parsed = validate(checkSchema, values);
        if (!parsed.ok) throw new FieldErrors(parsed.errors);
        if (item.kind !== 'supervisionOrder' || !item.refId) throw new DomainError(409, 'live.notVisible');
        await checkOrder(db, { ...tagged, user: actor.user }, item.refId, parsed.data.version, parsed.data.result === 'satisfied', parsed.data.checkNote);
        await setOutcome(db, tagged, id, itemId, 'decided');
        return 'live.flash.decided';
      });
    default:
      return renderError(c, 422, 'validation.choose');
  }
});

/** The register's own actions on the item's hazard, recorded as decided at this meeting. */
liveRoutes.post('/meetings/:id/live/:itemId/hazard/:action', async (c) => {
  const id = idParam(c.req.param('id'));
  const itemId = idParam(c.req.param('itemId'));
  const path = c.req.param('action') as HazardActionPath;
  const actor = liveActor(c);
  if (!id || !itemId || !LIVE_HAZARD_ACTIONS.includes(path)) return c.notFound();
  const sitting = await sittingItem(c, actor, id, itemId).catch((err: unknown) => notInSession(c, id, err));
  if (sitting instanceof Response) return sitting;
  if (!sitting) return c.notFound();
  const { meeting, item } = sitting;
  if (!isHazardItem(item.kind) || !item.refId) return c.notFound();
  if ((await authorizeHazardAction(c.get('db'), actor.user, item.refId, path)) === 'notFound') return c.notFound();
  const values = await readForm(c);
  const result = await performHazardAction(c, item.refId, path, values, atMeeting({ ...actor, userId: actor.user.id }, meeting));
  if (!result.ok) return respond(c, id, itemId, { problem: result.problem, status: result.status });
  await setOutcome(c.get('db'), atMeeting(actor, meeting), id, itemId, 'decided');
  return respond(c, id, itemId, { notice: result.flash });
});
