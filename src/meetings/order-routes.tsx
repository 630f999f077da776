import { Hono } from 'hono';
import { recordId } from '../lib/form-fields.js';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../env.js';
import { departmentOptions } from '../admin/specs.js';
import { setFlash } from '../lib/flash.js';
import { attempt, readForm, validate, type FieldErrorMap, type FormValues } from '../lib/forms.js';
import { requiredText, versionField } from '../lib/form-fields.js';
import { actorOf, currentUser, seeOther } from '../lib/http.js';
import { OrderFormPage, OrderListPage, OrderPage } from '../../views/meetings/orders.js';
import { renderPage } from '../../views/render.js';
import { checkSchema, orderSchema } from './forms.js';
import { checkOrder, issueOrder, listOrders, loadOrder, replyToOrder } from './order-service.js';
import { mayOpenPage } from '../policy.js';
import { documentSettings } from '../documents/settings.js';
import { SupervisionOrderPrint } from '../../views/print/supervision-order.js';

export const orderRoutes = new Hono<AppEnv>();

const idOf = (c: AppContext) => recordId(c.req.param('id'));


async function formPage(c: AppContext, form: { values?: FormValues; errors?: FieldErrorMap }, status: 200 | 422 = 200) {
  const units = await departmentOptions(c.get('db'), c.get('t'), c.get('locale'));
  return renderPage(c, c.get('t')('order.new'), <OrderFormPage form={form} units={units} />, status);
}

orderRoutes.get('/supervision-orders', async (c) => {
  const list = await listOrders(c.get('db'), currentUser(c));
  return renderPage(c, c.get('t')('order.plural'), <OrderListPage orders={list} canIssue={mayOpenPage(currentUser(c), 'GET', '/supervision-orders/new')} />);
});

orderRoutes.get('/supervision-orders/new', (c) =>
  formPage(c, { values: { hazardId: c.req.query('hazard') ?? '', resolutionId: c.req.query('resolution') ?? '', departmentId: c.req.query('unit') ?? '' } }),
);

orderRoutes.post('/supervision-orders', async (c) => {
  const values = await readForm(c);
  const parsed = validate(orderSchema, values);
  if (!parsed.ok) return formPage(c, parsed, 422);
  const issued = await attempt(() => issueOrder(c.get('db'), { ...actorOf(c), userId: currentUser(c).id }, parsed.data, c.get('deps').clock.now()));
  if (!issued.ok) return formPage(c, { values, errors: issued.errors }, 422);
  setFlash(c, 'order.flash.issued');
  return seeOther(c, `/supervision-orders/${issued.value}`);
});

async function orderPage(c: AppContext, id: number, form?: { values: FormValues; errors: FieldErrorMap }, status: 200 | 409 | 422 = 200) {
  const detail = await loadOrder(c.get('db'), currentUser(c), id);
  if (!detail) return c.notFound();
  return renderPage(c, c.get('t')('order.title'), <OrderPage detail={detail} form={form} />, status);
}

orderRoutes.get('/supervision-orders/:id', (c) => {
  const id = idOf(c);
  return id ? orderPage(c, id) : c.notFound();
});

/** The order in the official print layout: for whoever may see the order. */
orderRoutes.get('/supervision-orders/:id/print', async (c) => {
  const id = idOf(c);
  const detail = id ? await loadOrder(c.get('db'), currentUser(c), id) : null;
  if (!detail) return c.notFound();
  const settings = await documentSettings(c.get('db'));
  return renderPage(c, `${c.get('t')('order.title')} ${detail.order.documentNumber ?? ''}`.trim(), <SupervisionOrderPrint detail={detail} settings={settings} />);
});

const replySchema = z.object({ version: versionField(), reply: requiredText(2000) });

orderRoutes.post('/supervision-orders/:id/reply', async (c) => {
  const id = idOf(c);
  const user = currentUser(c);
  if (!id || !(await loadOrder(c.get('db'), user, id))) return c.notFound();
  const values = await readForm(c);
  const parsed = validate(replySchema, values);
  if (!parsed.ok) return orderPage(c, id, { values, errors: parsed.errors }, 422);
  const replied = await attempt(() => replyToOrder(c.get('db'), { ...actorOf(c), user }, id, parsed.data.version, parsed.data.reply, c.get('deps').clock.now()));
  if (!replied.ok) return orderPage(c, id, { values, errors: replied.errors }, replied.status);
  setFlash(c, 'order.flash.answered');
  return seeOther(c, `/supervision-orders/${id}`);
});

orderRoutes.post('/supervision-orders/:id/check', async (c) => {
  const id = idOf(c);
  const user = currentUser(c);
  if (!id || !(await loadOrder(c.get('db'), user, id))) return c.notFound();
  const values = await readForm(c);
  const parsed = validate(checkSchema, values);
  if (!parsed.ok) return orderPage(c, id, { values, errors: parsed.errors }, 422);
  const checked = await attempt(() => checkOrder(c.get('db'), { ...actorOf(c), user }, id, parsed.data.version, parsed.data.result === 'satisfied', parsed.data.checkNote));
  if (!checked.ok) return orderPage(c, id, { values, errors: checked.errors }, checked.status);
  setFlash(c, 'order.flash.checked');
  return seeOther(c, `/supervision-orders/${id}`);
});
