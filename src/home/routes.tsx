import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { departments, schools, towns } from '../db/schema/index.js';
import type { AppEnv } from '../env.js';
import { currentUser } from '../lib/http.js';
import { homePath } from '../policy.js';
import { DepartmentHome, LeaderHome, OfficerHome, SupervisorHome } from '../../views/home/homes.js';
import { renderPage } from '../../views/render.js';

/** Each role's landing page. `/` sends the user to theirs. */
export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', (c) => c.redirect(homePath(currentUser(c).role), 302));

homeRoutes.get('/home/officer', async (c) => {
  const user = currentUser(c);
  const [school] = await c.var.db
    .select({ id: schools.id, name: schools.name, kind: schools.kind, address: schools.address, townName: towns.name, principalName: schools.principalName, principalPhone: schools.principalPhone })
    .from(schools)
    .innerJoin(towns, eq(towns.id, schools.townId))
    .where(eq(schools.id, user.schoolId ?? -1));
  return renderPage(c, c.var.t('home.officer'), <OfficerHome school={school ?? null} />);
});

homeRoutes.get('/home/department', async (c) => {
  const user = currentUser(c);
  const [department] = await c.var.db.select().from(departments).where(eq(departments.id, user.departmentId ?? -1));
  return renderPage(c, c.var.t('home.department'), <DepartmentHome department={department ?? null} />);
});

homeRoutes.get('/home/supervisor', (c) => renderPage(c, c.var.t('home.supervisor'), <SupervisorHome />));
homeRoutes.get('/home/leader', (c) => renderPage(c, c.var.t('home.leader'), <LeaderHome />));
