/** The shapes the organisation pages receive: views import their types from here, never from the schema. */
import type { departments, users } from '../db/schema/index.js';

export type UserRow = typeof users.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;
