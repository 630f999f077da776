import ical, { ICalEventStatus } from 'ical-generator';

/** An iCalendar file of meetings (one, or a unit's feed), via ical-generator. */
export function meetingsCalendar(name: string, origin: string, list: Array<{ id: number; number: string; title: string; startsAt: Date; endsAt: Date; place: string; status: string }>): string {
  const calendar = ical({ name, prodId: { company: 'campus-safety', product: 'joint-meetings', language: 'ZH' } });
  for (const m of list) {
    calendar.createEvent({
      id: `meeting-${m.id}@campus-safety`,
      start: m.startsAt,
      end: m.endsAt,
      summary: `${m.title}（${m.number}）`,
      location: m.place || undefined,
      url: `${origin}/meetings/${m.id}`,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
