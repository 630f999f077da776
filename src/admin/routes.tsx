import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { AdminHome } from '../../views/admin/home.js';
import { renderPage } from '../../views/render.js';
import { mountResource } from './resource-routes.js';
import { categorySpec, departmentSpec, institutionSpec, schoolSpec, townSpec } from './specs.js';
import { mountUsers } from './user-routes.js';
import { mountScoring } from './scoring-routes.js';
import { mountDocumentSettings } from './document-routes.js';
import { adminCounts } from './stats.js';

/** Organisation management, mounted at /admin. */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.get('/', async (c) => renderPage(c, c.get('t')('admin.title'), <AdminHome counts={await adminCounts(c.get('db'))} />));
mountUsers(adminRoutes);
mountResource(adminRoutes, townSpec, '/towns');
mountResource(adminRoutes, schoolSpec, '/schools');
mountResource(adminRoutes, institutionSpec, '/institutions');
mountResource(adminRoutes, departmentSpec, '/departments');
mountResource(adminRoutes, categorySpec, '/categories');
mountScoring(adminRoutes);
mountDocumentSettings(adminRoutes);
