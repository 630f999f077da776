import { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import { moreProposals } from './agenda-service.js';
import { hasStarted } from './live.js';
import type { AppContext, AppEnv } from '../env.js';
import { departmentOptions } from '../admin/specs.js';
import { setFlash } from '../lib/flash.js';
import { attempt, readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, currentUser, seeOther } from '../lib/http.js';
import { versionField } from '../lib/form-fields.js';
import { CalendarFeedPage, MeetingDetailPage, MeetingFormPage, MeetingListPage } from '../../views/meetings/pages.js';
import { renderPage } from '../../views/render.js';
import { ATTENDANCE_VALUES, meetingSchema, respondSchema } from './forms.js';
import { meetingsCalendar } from './ics.js';
import { parseRule } from './recurrence.js';
import { calendarFeed, issueCalendarToken } from './calendar-feed.js';
import { topicFiles } from '../attachments/service.js';
import { cancelMeeting, listMeetings, loadMeeting, recordAttendance, respondToInvitation, scheduleMeetings, updateMeeting, type MeetingDetail } from './service.js';
import { shanghaiDate, shanghaiWallClock } from '../lib/shanghai-time.js';
import { mayOpenPage } from '../policy.js';

export const meetingRoutes = new Hono<AppEnv>();

const meetingId = (c: AppContext) => recordId(c.req.param('id'));

async function formPage(c: AppContext, form: { values?: FormValues; errors?: FieldErrorMap }, meeting?: { id: number }, status: 200 | 409 | 422 = 200) {
  const units = await departmentOptions(c.get('db'), c.get('t'), c.get('locale'));
  const title = c.get('t')(meeting ? 'meeting.edit' : 'meeting.new');
  return renderPage(c, title, <MeetingFormPage form={form} units={units} meetingId={meeting?.id} />, status);
}

/** Form values of a stored meeting, in Shanghai time. */
function meetingValues(d: MeetingDetail): FormValues {
  const m = d.meeting;
  return {
    number: m.number,
    title: m.title,
    kind: m.kind,
    convener: m.convener,
    chair: m.chair,
    place: m.place,
    date: shanghaiDate(m.startsAt),
    startTime: shanghaiWallClock(m.startsAt).time,
    endTime: shanghaiWallClock(m.endsAt).time,
    departmentIds: d.invitations.map((i) => String(i.departmentId)),
    version: String(m.version),
  };
}

meetingRoutes.get('/meetings', async (c) => {
  const when = c.req.query('when') === 'past' ? 'past' : 'upcoming';
  const list = await listMeetings(c.get('db'), currentUser(c), when, c.get('deps').clock.now());
  const canSchedule = mayOpenPage(currentUser(c), 'GET', '/meetings/new');
  return renderPage(c, c.get('t')('meeting.plural'), <MeetingListPage meetings={list} when={when} canSchedule={canSchedule} />);
});

meetingRoutes.get('/meetings/new', (c) => formPage(c, { values: { kind: 'regular', startTime: '09:00', endTime: '11:00' } }));

meetingRoutes.post('/meetings', async (c) => {
  const values = await readForm(c);
  const parsed = validate(meetingSchema, values);
  if (!parsed.ok) return formPage(c, parsed, undefined, 422);
  let recurrence: Parameters<typeof scheduleMeetings>[3];
  if (parsed.data.repeat === 'on') {
    const rule = parseRule(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v])));
    if (!rule) return formPage(c, { values, errors: { freq: 'meeting.ruleInvalid' } }, undefined, 422);
    if (!parsed.data.count) return formPage(c, { values, errors: { count: 'meeting.count' } }, undefined, 422);
    recurrence = { rule, count: parsed.data.count };
  }
  const scheduled = await attempt(() => scheduleMeetings(c.get('db'), { ...actorOf(c), userId: currentUser(c).id }, parsed.data, recurrence));
  if (!scheduled.ok) return formPage(c, { values, errors: scheduled.errors }, undefined, scheduled.status);
  const ids = scheduled.value;
  setFlash(c, ids.length > 1 ? 'meeting.flash.series' : 'meeting.flash.scheduled');
  return seeOther(c, ids.length > 1 ? '/meetings' : `/meetings/${ids[0]}`);
});

meetingRoutes.get('/meetings/:id', async (c) => {
  const id = meetingId(c);
  const detail = id ? await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()) : null;
  if (!detail) return c.notFound();
  const units = currentUser(c).role === 'supervisor' ? await departmentOptions(c.get('db'), c.get('t'), c.get('locale')) : [];
  const now = c.get('deps').clock.now();
  // ?more=1: the proposals left off the draft's short list, computed only when the arranger asks.
  const more = c.req.query('more') === '1' && detail.actions.has('arrangeAgenda') && !hasStarted(detail.meeting, now) ? await moreProposals(c.get('db'), currentUser(c), detail.meeting.id, now) : undefined;
  return renderPage(c, `${detail.meeting.title} · ${detail.meeting.number}`, <MeetingDetailPage detail={detail} now={now} units={units} topicFiles={await topicFiles(c.get('db'), detail)} moreProposals={more} />);
});

meetingRoutes.get('/meetings/:id/edit', async (c) => {
  const id = meetingId(c);
  const detail = id ? await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()) : null;
  if (!detail) return c.notFound();
  return formPage(c, { values: meetingValues(detail) }, detail.meeting);
});

meetingRoutes.post('/meetings/:id', async (c) => {
  const id = meetingId(c);
  const detail = id ? await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()) : null;
  if (!id || !detail) return c.notFound();
  const values = await readForm(c);
  const parsed = validate(meetingSchema, values);
  const version = versionField().safeParse(values.version);
  if (!parsed.ok || !version.success) return formPage(c, { values, errors: parsed.ok ? { _form: 'validation.invalid' } : parsed.errors }, detail.meeting, 422);
  const updated = await attempt(() => updateMeeting(c.get('db'), actorOf(c), id, version.data, parsed.data));
  if (!updated.ok && updated.status === 409) {
    // Someone saved first: show their version, with a note, so nothing is silently overwritten; a meeting
    // that can no longer change (e.g. its minutes are issued) keeps what was typed.
    const latest = (await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()))!;
    return formPage(c, { values: updated.errors._form === 'error.conflict' ? meetingValues(latest) : values, errors: updated.errors }, detail.meeting, 409);
  }
  if (!updated.ok) return formPage(c, { values, errors: updated.errors }, detail.meeting, 422);
  setFlash(c, 'meeting.flash.updated');
  return seeOther(c, `/meetings/${id}`);
});

meetingRoutes.get('/meetings/:id/meeting.ics', async (c) => {
  const id = meetingId(c);
  const detail = id ? await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()) : null;
  if (!detail) return c.notFound();
  const origin = c.get('deps').config.publicOrigin ?? new URL(c.req.url).origin;
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="meeting-${detail.meeting.id}.ics"`);
  return c.body(meetingsCalendar(c.get('t')('app.name'), origin, [detail.meeting]));
});

meetingRoutes.post('/meetings/:id/respond', async (c) => {
  const id = meetingId(c);
  const user = currentUser(c);
  const detail = id ? await loadMeeting(c.get('db'), user, id, c.get('deps').clock.now()) : null;
  if (!id || !detail) return c.notFound();
  const values = await readForm(c);
  const now = c.get('deps').clock.now();
  const page = async (errors: FieldErrorMap, status: 409 | 422) => renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={now} respondForm={{ values, errors }} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
  const parsed = validate(respondSchema, values);
  if (!parsed.ok) return page(parsed.errors, 422);
  const responded = await attempt(() => respondToInvitation(c.get('db'), { ...actorOf(c), user }, id, parsed.data.response, parsed.data.responseNote, now));
  if (!responded.ok) return page(responded.errors, responded.status);
  setFlash(c, 'meeting.flash.responded');
  return seeOther(c, `/meetings/${id}`);
});

meetingRoutes.post('/meetings/:id/attendance', async (c) => {
  const id = meetingId(c);
  const detail = id ? await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()) : null;
  if (!id || !detail) return c.notFound();
  const values = await readForm(c);
  const entries = detail.invitations.map((i) => {
    const attendance = values[`attendance_${i.departmentId}`];
    const attendee = values[`attendee_${i.departmentId}`];
    return {
      departmentId: i.departmentId,
      attendance: (ATTENDANCE_VALUES as readonly string[]).includes(String(attendance)) ? (String(attendance) as (typeof ATTENDANCE_VALUES)[number]) : null,
      attendee: typeof attendee === 'string' ? attendee.trim().slice(0, 60) : '',
    };
  });
  // '' is "not recorded" (kept as such, never taken as present); anything else unknown is refused.
  const bad = detail.invitations.filter((i) => {
    const v = values[`attendance_${i.departmentId}`];
    return v !== undefined && v !== '' && !(ATTENDANCE_VALUES as readonly string[]).includes(String(v));
  });
  const page = async (errors: FieldErrorMap, status: 409 | 422) =>
    renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={c.get('deps').clock.now()} attendanceForm={{ values, errors }} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
  if (bad.length) return page(Object.fromEntries(bad.map((i) => [`attendance_${i.departmentId}`, 'validation.choose' as const])), 422);
  // The sheet always sends every unit's choice; a form without any is not the sheet.
  if (!detail.invitations.some((i) => values[`attendance_${i.departmentId}`] !== undefined)) return page({ _form: 'validation.choose' }, 422);
  const recorded = await attempt(() => recordAttendance(c.get('db'), { ...actorOf(c), user: currentUser(c), now: c.get('deps').clock.now() }, id, entries));
  if (!recorded.ok) return page(recorded.errors, recorded.status);
  setFlash(c, 'meeting.flash.attendance');
  return seeOther(c, `/meetings/${id}`);
});

/** The supervisor calls the meeting off before it starts, with a reason the invited units are told. */
meetingRoutes.post('/meetings/:id/cancel', async (c) => {
  const id = meetingId(c);
  const detail = id ? await loadMeeting(c.get('db'), currentUser(c), id, c.get('deps').clock.now()) : null;
  if (!id || !detail) return c.notFound();
  const values = await readForm(c);
  const now = c.get('deps').clock.now();
  const page = async (errors: FieldErrorMap, status: 409 | 422) => renderPage(c, detail.meeting.title, <MeetingDetailPage detail={detail} now={now} cancelForm={{ values, errors }} topicFiles={await topicFiles(c.get('db'), detail)} />, status);
  const version = versionField().safeParse(values.version);
  if (!version.success) return page({ _form: 'validation.invalid' }, 422);
  const cancelled = await attempt(() => cancelMeeting(c.get('db'), actorOf(c), id, version.data, typeof values.reason === 'string' ? values.reason.slice(0, 500) : '', now));
  if (!cancelled.ok) return page(cancelled.errors, cancelled.status);
  setFlash(c, 'meeting.flash.cancelled');
  return seeOther(c, `/meetings/${id}`);
});

/** The private feed: calendar apps fetch it without a session, so the secret in the URL is the key. */
meetingRoutes.get('/calendar/:token', async (c) => {
  const token = c.req.param('token').replace(/\.ics$/, '');
  const list = await calendarFeed(c.get('db'), token, c.get('deps').clock.now());
  if (!list) return c.notFound();
  const origin = c.get('deps').config.publicOrigin ?? new URL(c.req.url).origin;
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  return c.body(meetingsCalendar(c.get('t')('app.name'), origin, list));
});

/** A new private feed URL (the old one stops working); shown once on the account page. */
meetingRoutes.post('/account/calendar-token', async (c) => {
  const user = currentUser(c);
  const token = await issueCalendarToken(c.get('db'), { ...actorOf(c), userId: user.id });
  const origin = c.get('deps').config.publicOrigin ?? new URL(c.req.url).origin;
  return renderPage(c, c.get('t')('calendar.title'), <CalendarFeedPage url={`${origin}/calendar/${token}.ics`} />);
});
