/**
 * What the sitting decided, read back from the history: every event written at the meeting carries its
 * `meetingId` (see atMeeting in live-service.ts), so the minutes' draft states the decisions themselves
 * rather than "the meeting decided". Only the records the agenda points at are read (by their indexed
 * entity), never the whole history.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { departments, events, hazards, resolutions, riskPoints, schools, supervisionOrders } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { withNames } from '../hazards/names.js';
import { isHazardItem } from './live.js';
import type { HazardRef, ListingLevel, MinutesDecision, RiskLevel, RiskPointRef } from './minutes.js';
import type { MeetingDetail } from './service.js';

type EventRow = { entityType: string; entityId: string; action: string; data: Record<string, unknown> };

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The events written at this meeting about the given records of one kind. */
async function eventsAt(db: Executor, meetingId: number, entityType: string, ids: number[]): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ entityType: events.entityType, entityId: events.entityId, action: events.action, data: events.data })
    .from(events)
    .where(and(eq(events.entityType, entityType), inArray(events.entityId, ids.map(String))))
    .orderBy(events.id);
  return rows.filter((e) => e.data.meetingId === meetingId);
}

async function hazardRefs(db: Executor, ids: number[]): Promise<Map<number, HazardRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: hazards.id, number: hazards.number, location: hazards.location, schoolId: hazards.schoolId, institutionId: hazards.institutionId, townId: hazards.townId, categoryId: hazards.categoryId, leadDepartmentId: hazards.leadDepartmentId })
    .from(hazards)
    .where(inArray(hazards.id, ids));
  const named = await withNames(db, rows);
  return new Map(named.map((h) => [h.id, { number: h.number, place: [h.schoolName ?? h.institutionName, h.location].filter(Boolean).join(' ') }]));
}

async function ordersById(db: Executor, ids: number[]) {
  if (ids.length === 0) return new Map<number, { number: string | null; unit: string; requirements: string; deadline: string }>();
  const rows = await db
    .select({ id: supervisionOrders.id, number: supervisionOrders.documentNumber, unit: departments.name, requirements: supervisionOrders.requirements, deadline: supervisionOrders.deadline })
    .from(supervisionOrders)
    .innerJoin(departments, eq(departments.id, supervisionOrders.departmentId))
    .where(inArray(supervisionOrders.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** A hazard event written at the meeting, as a decision (null for events the minutes do not state). */
function hazardDecision(e: EventRow, hazard: HazardRef, orders: Awaited<ReturnType<typeof ordersById>>): MinutesDecision | null {
  const d = e.data;
  switch (e.action) {
    case 'verified':
      return { kind: 'verified', hazard, grade: d.grade === 'major' ? 'major' : 'ordinary', level: str(d.riskLevel) as RiskLevel, lowLevelReason: str(d.majorLowLevelReason) || undefined };
    case 'dismissed':
      return { kind: 'dismissed', hazard, reason: str(d.reason) };
    case 'assigned': {
      const names = Array.isArray(d.supportNames) ? (d.supportNames as string[]) : [];
      const tasks = Array.isArray(d.supportTasks) ? (d.supportTasks as string[]) : [];
      return {
        kind: 'assigned',
        hazard,
        lead: d.lead === 'school' ? null : str(d.leadName),
        leadTask: str(d.leadTask) || undefined,
        supports: names.map((unit, i) => ({ unit, task: tasks[i] || undefined })),
        deadline: str(d.deadline),
        responsiblePerson: str(d.responsiblePerson) || undefined,
      };
    }
    case 'listed':
      return { kind: 'listed', hazard, level: (str(d.level) || 'district') as ListingLevel, reason: str(d.reason) };
    case 'unlisted':
      return { kind: 'unlisted', hazard, reason: str(d.reason) };
    case 'orderIssued': {
      const order = orders.get(Number(d.order));
      return order ? { kind: 'orderIssued', unit: order.unit, number: order.number, requirements: order.requirements, deadline: order.deadline } : null;
    }
    default:
      return null;
  }
}

async function riskRefs(db: Executor, ids: number[]): Promise<Map<number, RiskPointRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: riskPoints.id, name: riskPoints.name, school: schools.name }).from(riskPoints).innerJoin(schools, eq(schools.id, riskPoints.schoolId)).where(inArray(riskPoints.id, ids));
  return new Map(rows.map((r) => [r.id, { name: r.name, school: r.school }]));
}

export interface SittingDecisions {
  /** agenda item id → the decisions taken on it, in the order they were taken */
  byItem: Map<number, MinutesDecision[]>;
  /** agenda item id → why it was deferred */
  deferReasons: Map<number, string>;
}

/** The decisions the sitting took, item by item. */
export async function sittingDecisions(db: Executor, detail: MeetingDetail): Promise<SittingDecisions> {
  const meetingId = detail.meeting.id;
  const items = detail.agenda.items;
  const refs = (test: (kind: string) => boolean) => [...new Set(items.filter((i) => i.refId !== null && test(i.kind)).map((i) => i.refId!))];
  const hazardIds = refs(isHazardItem);
  const resolutionIds = refs((k) => k === 'resolutionReview');
  const orderIds = refs((k) => k === 'supervisionOrder');
  const riskIds = refs((k) => k === 'riskAssessment');

  // Orders issued at the meeting on an earlier resolution are recorded on the order only.
  const ordersOnResolutions = resolutionIds.length
    ? await db.select({ id: supervisionOrders.id, resolutionId: supervisionOrders.resolutionId }).from(supervisionOrders).where(inArray(supervisionOrders.resolutionId, resolutionIds))
    : [];
  const [riskEvents, pointsById] = await Promise.all([eventsAt(db, meetingId, 'riskPoint', riskIds), riskRefs(db, riskIds)]);
  const [hazardEvents, resolutionEvents, orderEvents, meetingEvents, refsById] = await Promise.all([
    eventsAt(db, meetingId, 'hazard', hazardIds),
    eventsAt(db, meetingId, 'resolution', resolutionIds),
    eventsAt(db, meetingId, 'supervisionOrder', [...orderIds, ...ordersOnResolutions.map((o) => o.id)]),
    db.select({ data: events.data }).from(events).where(and(eq(events.entityType, 'meeting'), eq(events.entityId, String(meetingId)), eq(events.action, 'itemOutcome'))),
    hazardRefs(db, hazardIds),
  ]);
  const issuedIds = [...hazardEvents.filter((e) => e.action === 'orderIssued').map((e) => Number(e.data.order)), ...orderEvents.map((e) => Number(e.entityId))];
  const orders = await ordersById(db, [...new Set(issuedIds)]);
  const resolutionRows = resolutionIds.length
    ? await db.select({ id: resolutions.id, content: resolutions.content, lead: departments.name }).from(resolutions).innerJoin(departments, eq(departments.id, resolutions.leadDepartmentId)).where(inArray(resolutions.id, resolutionIds))
    : [];

  const byItem = new Map<number, MinutesDecision[]>();
  const add = (itemId: number, d: MinutesDecision | null) => {
    if (d) byItem.set(itemId, [...(byItem.get(itemId) ?? []), d]);
  };
  for (const item of items) {
    if (item.refId === null) continue;
    if (isHazardItem(item.kind)) {
      const hazard = refsById.get(item.refId);
      if (!hazard) continue;
      for (const e of hazardEvents.filter((x) => x.entityId === String(item.refId))) add(item.id, hazardDecision(e, hazard, orders));
    } else if (item.kind === 'resolutionReview') {
      const r = resolutionRows.find((x) => x.id === item.refId);
      for (const e of resolutionEvents.filter((x) => x.entityId === String(item.refId))) {
        if (r && (e.action === 'meetingDone' || e.action === 'meetingContinued')) {
          add(item.id, { kind: 'resolutionReviewed', content: r.content, lead: r.lead, verdict: e.action === 'meetingDone' ? 'done' : 'continued', newDeadline: str(e.data.newDeadline) || null, report: str(e.data.report) });
        }
      }
      for (const o of ordersOnResolutions.filter((x) => x.resolutionId === item.refId)) {
        const order = orders.get(o.id);
        if (order && orderEvents.some((e) => e.entityId === String(o.id) && e.action === 'issued')) add(item.id, { kind: 'orderIssued', ...order });
      }
    } else if (item.kind === 'riskAssessment') {
      const point = pointsById.get(item.refId);
      for (const e of riskEvents.filter((x) => x.entityId === String(item.refId) && x.action === 'riskAssessed')) {
        if (point) add(item.id, { kind: 'riskAssessed', point, from: str(e.data.from) as RiskLevel, to: str(e.data.to) as RiskLevel, reason: str(e.data.reason) });
      }
    } else if (item.kind === 'supervisionOrder') {
      const order = orders.get(item.refId);
      for (const e of orderEvents.filter((x) => x.entityId === String(item.refId) && (x.action === 'satisfied' || x.action === 'followUp'))) {
        if (order) add(item.id, { kind: 'orderChecked', unit: order.unit, number: order.number, satisfied: e.action === 'satisfied', note: str(e.data.checkNote) });
      }
    }
  }
  // A resolution made from an item: the item points to it in the list below; on a risk point it is the point's control task.
  detail.resolutions.forEach((r, i) => {
    if (!r.agendaItemId) return;
    const item = items.find((x) => x.id === r.agendaItemId);
    const point = item?.kind === 'riskAssessment' && item.refId !== null ? pointsById.get(item.refId) : undefined;
    add(r.agendaItemId, point ? { kind: 'controlTask', point, unit: r.leadName, content: r.content, deadline: r.deadline, index: i + 1 } : { kind: 'resolution', index: i + 1 });
  });

  const deferReasons = new Map<number, string>();
  for (const { data } of meetingEvents) if (data.outcome === 'deferred' && typeof data.item === 'number' && str(data.reason)) deferReasons.set(data.item, str(data.reason));
  return { byItem, deferReasons };
}
