/**
 * The hazard's actions as one table — form schema and use case per path — so the hazard page and the
 * live meeting page run exactly the same validation, rules and services.
 */
import type { z } from 'zod';
import type { AppContext } from '../env.js';
import type { MessageKey } from '../i18n/index.js';
import { DomainError, FieldErrors, notFound } from '../lib/errors.js';
import { attempt, fieldValue, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { canViewHazard, HAZARD_PHOTO_ACTIONS, mayActOnHazard, type HazardActionPath } from '../policy.js';
import type { SessionUser } from '../auth/sessions.js';
import type { Db } from '../db/types.js';
import { loadHazard, scopeOf } from './data.js';
import * as forms from './forms.js';
import * as service from './service.js';
import { scoringConfig } from './settings.js';

type Versioned = z.ZodType<{ version: number }>;

export interface HazardActionSpec<S extends Versioned = Versioned> {
  schema: S;
  /** `values` is the whole form, for fields the schema does not name (a task per supporting unit) */
  run: (c: AppContext, id: number, data: z.infer<S>, actor: service.HazardActor, values: FormValues) => Promise<void>;
  /** what the save did, in its own words (a function when it depends on the choice made) */
  flash: MessageKey | ((data: z.infer<S>) => MessageKey);
}

const spec = <S extends Versioned>(s: HazardActionSpec<S>): HazardActionSpec => s as unknown as HazardActionSpec;

/** The action's form carries photos (multipart): the policy lists them, as they get the upload body limit. */
export const takesPhotos = (path: HazardActionPath): boolean => HAZARD_PHOTO_ACTIONS.includes(path);
const db = (c: AppContext) => c.get('db');

export const HAZARD_ACTIONS: Partial<Record<HazardActionPath, HazardActionSpec>> = {
  withdraw: spec({ schema: forms.versionOnlySchema, run: (c, id, d, a) => service.withdrawHazard(db(c), a, id, d.version), flash: 'hazard.flash.withdrawn' }),
  dismiss: spec({ schema: forms.reasonSchema, run: (c, id, d, a) => service.dismissHazard(db(c), a, id, d.version, d.reason), flash: 'hazard.flash.dismissed' }),
  verify: spec({
    schema: forms.verifySchema,
    run: async (c, id, d, a) => {
      const grading: service.GradingInput = d.method === 'matrix' ? { method: 'matrix', likelihood: d.likelihood, severity: d.severity } : { method: 'lec', l: d.l, e: d.e, c: d.c };
      await service.verifyHazard(db(c), a, id, d.version, d.grade, grading, await scoringConfig(db(c)), d.note, d.confirmMajorLowLevel ? d.majorLowLevelReason : '');
    },
    flash: 'hazard.flash.verified',
  }),
  'fix-on-spot': spec({ schema: forms.completeSchema, run: (c, id, d, a) => service.fixOnSpot(db(c), a, id, d.version, d.note, d.photoIds), flash: 'hazard.flash.fixedOnSpot' }),
  assign: spec({
    schema: forms.assignSchema,
    run: async (c, id, d, a, values) => {
      const wanted = [...(d.leadDepartmentId ? [d.leadDepartmentId] : []), ...d.supportDepartmentIds];
      const known = await service.activeDepartmentIds(db(c), wanted);
      if (d.leadDepartmentId && !known.has(d.leadDepartmentId)) throw new FieldErrors({ leadDepartmentId: 'validation.choose' });
      if (d.supportDepartmentIds.some((x) => !known.has(x))) throw new FieldErrors({ supportDepartmentIds: 'validation.choose' });
      const supports = d.supportDepartmentIds.map((departmentId) => ({ departmentId, task: fieldValue(values, `task_${departmentId}`).trim().slice(0, 1000) }));
      await service.assignHazard(db(c), a, id, d.version, { ...d, supports });
    },
    flash: 'hazard.flash.assigned',
  }),
  plan: spec({ schema: forms.planSchema, run: (c, id, d, a) => service.updatePlan(db(c), a, id, d.version, d), flash: 'hazard.flash.planSaved' }),
  start: spec({ schema: forms.versionOnlySchema, run: (c, id, d, a) => service.startRectification(db(c), a, id, d.version), flash: 'hazard.flash.started' }),
  progress: spec({ schema: forms.progressSchema, run: (c, id, d, a) => service.recordProgress(db(c), a, id, d.version, d.text, d.photoIds), flash: 'hazard.flash.progress' }),
  support: spec({ schema: forms.progressSchema, run: (c, id, d, a) => service.recordSupport(db(c), a, id, d.version, d.text, d.photoIds), flash: 'hazard.flash.support' }),
  control: spec({ schema: forms.controlSchema, run: (c, id, d, a) => service.controlHazard(db(c), a, id, d.version, d.interimMeasures, d.newTargetDate, d.reason), flash: 'hazard.flash.controlled' }),
  resume: spec({ schema: forms.versionOnlySchema, run: (c, id, d, a) => service.resumeRectification(db(c), a, id, d.version), flash: 'hazard.flash.resumed' }),
  extension: spec({ schema: forms.extensionSchema, run: (c, id, d, a) => service.requestExtension(db(c), a, id, d.version, d.newTargetDate, d.reason), flash: 'hazard.flash.extensionRequested' }),
  'extension-decision': spec({
    schema: forms.extensionDecisionSchema,
    run: (c, id, d, a) => service.decideExtension(db(c), a, id, d.version, d.decision === 'grant', d.note),
    flash: (d) => (d.decision === 'grant' ? 'hazard.flash.extensionGranted' : 'hazard.flash.extensionRefused'),
  }),
  complete: spec({ schema: forms.completeSchema, run: (c, id, d, a) => service.submitCompletion(db(c), a, id, d.version, d.note, d.photoIds), flash: 'hazard.flash.completed' }),
  accept: spec({ schema: forms.noteSchema, run: (c, id, d, a) => service.acceptRectification(db(c), a, id, d.version, d.note), flash: 'hazard.flash.accepted' }),
  reject: spec({ schema: forms.reasonSchema, run: (c, id, d, a) => service.rejectRectification(db(c), a, id, d.version, d.reason), flash: 'hazard.flash.rejected' }),
  close: spec({ schema: forms.versionOnlySchema, run: (c, id, d, a) => service.closeHazard(db(c), a, id, d.version), flash: 'hazard.flash.closed' }),
  list: spec({ schema: forms.listSchema, run: (c, id, d, a) => service.listHazard(db(c), a, id, d.version, d), flash: 'hazard.flash.listed' }),
  unlist: spec({ schema: forms.unlistSchema, run: (c, id, d, a) => service.unlistHazard(db(c), a, id, d.version, d.reason), flash: 'hazard.flash.unlisted' }),
  'link-duplicate': spec({ schema: forms.duplicateSchema, run: (c, id, d, a) => service.linkDuplicate(db(c), a, id, d.version, d.duplicateOfId), flash: 'hazard.flash.duplicateLinked' }),
};

/**
 * Who may act is decided before the form is read: a hazard one may not see is 'notFound', an action
 * one may not take a 403 (the service checks again inside its transaction).
 */
export async function authorizeHazardAction(database: Db, user: SessionUser, id: number, path: HazardActionPath): Promise<'ok' | 'notFound'> {
  const loaded = await loadHazard(database, id);
  const scope = loaded ? scopeOf(loaded.hazard, loaded.departments) : null;
  if (!scope || !canViewHazard(user, scope)) return 'notFound';
  if (!mayActOnHazard(user, scope, path)) throw new DomainError(403, path === 'accept' ? 'hazard.cannotAcceptOwn' : 'error.forbidden');
  return 'ok';
}

export type Problem = { action: string; values: FormValues; errors: FieldErrorMap };
export type ActionResult = { ok: true; flash: MessageKey } | { ok: false; status: 409 | 422; problem: Problem };

/** Validates the form and runs the use case; bad input and conflicts come back as a problem to show. */
export async function performHazardAction(c: AppContext, id: number, path: HazardActionPath, values: FormValues, actor: service.HazardActor): Promise<ActionResult> {
  const action = HAZARD_ACTIONS[path];
  if (!action) throw notFound();
  const parsed = validate(action.schema, values);
  if (!parsed.ok) return { ok: false, status: 422, problem: { action: path, values: parsed.values, errors: parsed.errors } };
  const done = await attempt(() => action.run(c, id, parsed.data, actor, values));
  if (!done.ok) return { ok: false, status: done.status, problem: { action: path, values, errors: done.errors } };
  return { ok: true, flash: typeof action.flash === 'function' ? action.flash(parsed.data) : action.flash };
}
