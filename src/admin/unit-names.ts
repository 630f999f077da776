/**
 * How a member unit is named. Its official name (韶关市公安局浈江分局) on its own page, on the hazard
 * page and in official documents (minutes, supervision orders, history); its short form (公安分局) where
 * space is tight: choice lists, tables, the meeting pages and the live side panel. A unit without a short
 * form is named in full everywhere.
 */
import { sql } from 'drizzle-orm';
import { departments } from '../db/schema/index.js';

export const unitShortName = sql<string>`coalesce(nullif(${departments.shortName}, ''), ${departments.name})`;
