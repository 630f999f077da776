import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { departments, schools, towns } from '../db/schema/index.js';
import type { AppContext, AppEnv } from '../env.js';
import { queuesFor } from '../hazards/queues.js';
import { listOrders } from '../meetings/order-service.js';
import { risksDueForReview } from '../risks/queries.js';
import { ensureDeadlineReminders } from '../inbox/service.js';
import { currentUser } from '../lib/http.js';
import { homePath } from '../policy.js';
import { DepartmentHome, LeaderHome, OfficerHome, SupervisorHome } from '../../views/home/homes.js';
import { renderPage } from '../../views/render.js';

/** Each role's landing page. `/` sends the user to theirs. */
export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', (c) => c.redirect(homePath(currentUser(c).role), 302));

async function queues(c: AppContext) {
  const user = currentUser(c);
  const now = c.get('deps').clock.now();
  await ensureDeadlineReminders(c.get('db'), user, now);
  return { queues: await queuesFor(c.get('db'), user, now), now };
}

homeRoutes.get('/home/officer', async (c) => {
  const user = currentUser(c);
  const [school] = await c.get('db')
    .select({ id: schools.id, name: schools.name, kind: schools.kind, address: schools.address, townName: towns.name, principalName: schools.principalName, principalPhone: schools.principalPhone })
    .from(schools)
    .innerJoin(towns, eq(towns.id, schools.townId))
    .where(eq(schools.id, user.schoolId ?? -1));
  const risksDue = await risksDueForReview(c.get('db'), user, c.get('deps').clock.now());
  return renderPage(c, c.get('t')('home.officer'), <OfficerHome school={school ?? null} risksDue={risksDue} {...await queues(c)} />);
});

homeRoutes.get('/home/department', async (c) => {
  const user = currentUser(c);
  const [department] = await c.get('db').select().from(departments).where(eq(departments.id, user.departmentId ?? -1));
  const orders = await listOrders(c.get('db'), user, true);
  return renderPage(c, c.get('t')('home.department'), <DepartmentHome department={department ?? null} orders={orders} {...await queues(c)} />);
});

homeRoutes.get('/home/supervisor', async (c) => renderPage(c, c.get('t')('home.supervisor'), <SupervisorHome {...await queues(c)} />));
homeRoutes.get('/home/leader', async (c) => renderPage(c, c.get('t')('home.leader'), <LeaderHome {...await queues(c)} />));
