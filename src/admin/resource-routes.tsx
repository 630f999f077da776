import type { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import type { AppContext, AppEnv } from '../env.js';
import { attempt, readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { actorOf, seeOther, wantsFragment } from '../lib/http.js';
import { versionField } from '../lib/form-fields.js';
import { RecordFormPage, RecordListPage, RecordTable } from '../../views/admin/resource.js';
import { renderFragment, renderPage } from '../../views/render.js';
import type { Option } from '../../views/components/form.js';
import { createRecord, getRecord, listRecords, setRecordActive, updateRecord, type ListParams, type ResourceSpec } from './resource.js';
import { setFlash } from '../lib/flash.js';

export function parseId(c: AppContext): number | null {
  return recordId(c.req.param('id'));
}

export function listParams(c: AppContext): ListParams {
  const status = c.req.query('status');
  return {
    q: c.req.query('q')?.slice(0, 100),
    status: status === 'inactive' || status === 'all' ? status : 'active',
    after: c.req.query('after'),
    before: c.req.query('before'),
  };
}

/** Form values of a stored record, as strings, for filling the edit form. */
export function recordToValues(row: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined) values[k] = '';
    else if (typeof v === 'boolean') values[k] = v ? 'on' : '';
    else if (v instanceof Date) values[k] = v.toISOString();
    else values[k] = String(v);
  }
  return values;
}

async function loadOptions(c: AppContext, spec: ResourceSpec): Promise<Record<string, Option[]>> {
  const options: Record<string, Option[]> = {};
  for (const field of spec.fields) {
    if (field.options) options[field.name] = await field.options(c.get('db'), c.get('t'), c.get('locale'));
  }
  return options;
}

/** Registers list / new / create / edit / update / deactivate / activate for one organisation record type. */
export function mountResource(app: Hono<AppEnv>, spec: ResourceSpec, path: string) {
  const formPage = async (c: AppContext, form: { values?: FormValues; errors?: FieldErrorMap }, record: { id: number; active: boolean } | undefined, status: 200 | 409 | 422 = 200) => {
    const title = record ? spec.editTitle : spec.newTitle;
    const view = <RecordFormPage basePath={spec.basePath} title={title} fields={spec.fields} options={await loadOptions(c, spec)} form={form} record={record} />;
    return renderPage(c, c.get('t')(title), view, status);
  };

  app.get(path, async (c) => {
    const params = listParams(c);
    const page = await listRecords(c.get('db'), spec, params);
    const view = { basePath: spec.basePath, title: spec.title, columns: spec.columns, page, params };
    if (wantsFragment(c)) return renderFragment(c, <RecordTable {...view} />);
    return renderPage(c, c.get('t')(spec.title), <RecordListPage {...view} />);
  });

  app.get(`${path}/new`, (c) => formPage(c, { values: {} }, undefined));

  app.post(path, async (c) => {
    const parsed = validate(spec.schema, await readForm(c));
    if (!parsed.ok) return formPage(c, parsed, undefined, 422);
    const created = await attempt(() => createRecord(c.get('db'), actorOf(c), spec, parsed.data));
    if (!created.ok) return formPage(c, { values: parsed.values, errors: created.errors }, undefined, 422);
    setFlash(c, 'flash.created');
    return seeOther(c, `${spec.basePath}/${created.value}`);
  });

  app.get(`${path}/:id`, async (c) => {
    const id = parseId(c);
    const row = id ? await getRecord(c.get('db'), spec, id) : null;
    if (!row || !id) return c.notFound();
    return formPage(c, { values: recordToValues(row) }, { id, active: row.active === true });
  });

  app.post(`${path}/:id`, async (c) => {
    const id = parseId(c);
    if (!id) return c.notFound();
    const current = await getRecord(c.get('db'), spec, id);
    const record = { id, active: current.active === true };
    const values = await readForm(c);
    const version = versionField().safeParse(values.version);
    const parsed = validate(spec.schema, values);
    if (!parsed.ok || !version.success) return formPage(c, { values, errors: parsed.ok ? { _form: 'validation.invalid' } : parsed.errors }, record, 422);
    const updated = await attempt(() => updateRecord(c.get('db'), actorOf(c), spec, id, version.data, parsed.data));
    if (!updated.ok && updated.status === 409) {
      // Someone saved first: show their version, with a note, so nothing is silently overwritten.
      const latest = await getRecord(c.get('db'), spec, id);
      return formPage(c, { values: recordToValues(latest), errors: { _form: 'error.conflict' } }, { id, active: latest.active === true }, 409);
    }
    if (!updated.ok) return formPage(c, { values, errors: updated.errors }, record, 422);
    setFlash(c, 'flash.saved');
    return seeOther(c, `${spec.basePath}/${id}`);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`${path}/:id/${action}`, async (c) => {
      const id = parseId(c);
      if (!id) return c.notFound();
      await setRecordActive(c.get('db'), actorOf(c), spec, id, active);
      setFlash(c, active ? 'flash.activated' : 'flash.deactivated');
      return seeOther(c, `${spec.basePath}/${id}`);
    });
  }
}
