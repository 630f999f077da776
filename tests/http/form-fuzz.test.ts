import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKeysOf } from '../../src/app.js';
import { FILE_UPLOAD_ROUTES, ROUTE_RULES } from '../../src/policy.js';
import { hazardDepartments } from '../../src/db/schema/index.js';
import { setupTestApp, type TestContext } from '../support/app.js';
import { fields, formFieldNames, formsOf, multipart, mutated, urlencoded, type EncodedBody, type Field } from '../support/form-values.js';
import { ACTORS, MATRIX, resolvePath, ruleKey, type Actor, type MatrixRow } from '../support/matrix.js';
import { departmentByCode } from '../support/factories.js';
import { buildMatrixFixture, type MatrixFixture } from '../support/matrix-fixture.js';

/**
 * Every POST route of the policy table, as a user allowed to use it, gets generated hostile forms (long,
 * empty, NUL, invalid UTF-8, huge, negative and fractional numbers, repeated and unknown fields; urlencoded
 * and multipart): the answer is never a 5xx and nothing is logged at error level. The seed is fixed, so a
 * failure is reproduced by running the file again; fast-check prints the shrunk body.
 */
const SEED = 20261130;
/** Runs per route whose form a page shows (generated from that form) and per route without one. */
const RUNS = { fromPage: 8, blind: 3 };

let ctx: TestContext;
let fixture: MatrixFixture;
/** The POST forms the app's pages show, by action path (see formsOf). */
const pageForms = new Map<string, Field[]>();

beforeAll(async () => {
  ctx = await setupTestApp();
  fixture = await buildMatrixFixture(ctx);
  // The matrix has no supporting unit (no one may take "support" there): here the other department
  // supports the assigned hazard, so its form is reached.
  const fire = await departmentByCode(ctx.db, 'FIRE');
  await ctx.db.insert(hazardDepartments).values({ hazardId: Number(fixture.values.assignedHazardId), departmentId: fire.id, role: 'support', task: '配合' });
  await collectPageForms();
});

/** Visits every page of the matrix as a user who may see it, and keeps its POST forms. */
async function collectPageForms() {
  for (const row of MATRIX.filter((r) => r.method === 'GET' && !r.knownBug)) {
    const actor = ACTORS.find((a) => row.expected[a] === 200);
    if (!actor) continue;
    const path = resolvePath(row.path, fixture.values);
    const res = await (await fixture.agentAs(actor)).get(path);
    if (!(res.headers.get('content-type') ?? '').includes('html')) {
      await res.arrayBuffer();
      continue;
    }
    for (const [action, list] of formsOf(await res.text(), path)) if (!pageForms.has(action)) pageForms.set(action, list);
  }
}
afterAll(() => ctx?.close());

/** A refusal the route gives before reading the form: not someone the form is for. */
const REFUSED = new Set([302, 401, 403, 404]);

/**
 * Where to post for a rule, and as whom: the matrix rows of that rule, each with the first actor the row
 * lets through (the anonymous visitor only for public routes): the first such row of each rule, and for
 * "support" the supporting unit added in beforeAll.
 */
function targetsOf(key: string): Array<{ row: MatrixRow; actor: Actor }> {
  const targets: Array<{ row: MatrixRow; actor: Actor }> = [];
  for (const row of MATRIX.filter((r) => ruleKey(r) === key && !r.knownBug)) {
    const order: Actor[] = ROUTE_RULES[key] === 'public' ? ['anonymous', ...ACTORS.slice(1)] : [...ACTORS.slice(1)];
    const actor = order.find((a) => !REFUSED.has(row.expected[a]));
    if (!actor) continue;
    targets.push({ row, actor });
    break;
  }
  if (key === 'POST /hazards/:id/support') targets.push({ row: MATRIX.find((r) => r.path === '/hazards/:assignedHazardId/support')!, actor: 'departmentOther' });
  return targets;
}

const postRoutes = () => routeKeysOf(ctx.app).filter((k) => k.startsWith('POST '));

describe('generated hostile forms on every POST route', () => {
  it('every POST route has a matrix row with an allowed user to post as', () => {
    expect(postRoutes().filter((key) => targetsOf(key).length === 0)).toEqual([]);
  });

  it('never answer 5xx nor log an error', async () => {
    const names = formFieldNames();
    const known = Object.values(fixture.values).map(String);
    const failures: string[] = [];
    const histogram = new Map<string, number>();
    const reached: string[] = [];
    for (const key of postRoutes()) {
      for (const { row, actor } of targetsOf(key)) {
        const path = resolvePath(row.path, fixture.values);
        const takesFiles = FILE_UPLOAD_ROUTES.has(key);
        const base = pageForms.get(path) ?? [];
        if (base.length) reached.push(path);
        const body = fc.tuple(base.length ? fc.oneof({ weight: 3, arbitrary: mutated(base, names, known) }, { weight: 1, arbitrary: fields(names, known) }) : fields(names, known), fc.boolean(), fc.uint8Array({ maxLength: 64 })).map(([list, asMultipart, file]): EncodedBody =>
          asMultipart || takesFiles ? multipart(list, takesFiles ? { field: 'photos', name: 'f.png', bytes: file } : undefined) : urlencoded(list),
        );
        const result = await fc.check(
          fc.asyncProperty(body, async ({ contentType, body: bytes }) => {
            const logged = ctx.logs.length;
            const res = await (await fixture.agentAs(actor)).request(path, { method: 'POST', body: bytes, headers: { 'Content-Type': contentType } });
            await res.arrayBuffer();
            histogram.set(`${key} ${res.status}`, (histogram.get(`${key} ${res.status}`) ?? 0) + 1);
            const errors = ctx.logs.slice(logged).filter((l) => l.includes('"level":"error"'));
            return res.status < 500 && errors.length === 0 ? true : (failures.push(`${key} as ${actor}: ${res.status} ${errors.join(' ').slice(0, 400)}`), false);
          }),
          { seed: SEED, numRuns: base.length ? RUNS.fromPage : RUNS.blind, endOnFailure: true },
        );
        if (result.failed) failures.push(`  counterexample: ${JSON.stringify(result.counterexample?.[0], (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1').slice(0, 300) : v))}`);
      }
    }
    // FUZZ_DEBUG=1 shows which statuses each route gave and which forms were found on pages.
    if (process.env.FUZZ_DEBUG) console.log([...histogram].join('\n'), '\nforms from pages:', reached.join(' '), '\nall forms:', [...pageForms.keys()].join(' '));
    expect(failures).toEqual([]);
  }, 120_000);
});
