// A route without a policy rule is refused, whatever method it was registered for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKeysOf } from '../../src/app.js';
import { ROUTE_RULES } from '../../src/policy.js';
import { setupTestApp, signedInUser, type TestContext } from '../support/app.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await setupTestApp();
  // Routes a careless change might add: one for every method, one for a method without a rule.
  ctx.app.all('/probe/all', (c) => c.text('reached'));
  ctx.app.get('/probe/get', (c) => c.text('reached'));
});
afterAll(() => ctx.close());

describe('routes without a rule', () => {
  it('an app.all route answers 403 to everyone, for every method, and never runs', async () => {
    const { agent } = await signedInUser(ctx, 'supervisor');
    for (const res of [await agent.get('/probe/all'), await agent.post('/probe/all'), await ctx.agent().get('/probe/all')]) {
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('reached');
    }
    expect(ctx.logs.some((l) => l.includes('route has no policy rule') && l.includes('ALL /probe/all'))).toBe(true);
  });

  it('a GET route without a rule answers 403', async () => {
    const { agent } = await signedInUser(ctx, 'supervisor');
    expect((await agent.get('/probe/get')).status).toBe(403);
  });

  it('the coverage check lists both, so the authorization-matrix test would fail on them', () => {
    const missing = routeKeysOf(ctx.app).filter((key) => !(key in ROUTE_RULES));
    expect(missing).toEqual(['ALL /probe/all', 'GET /probe/get']);
  });
});
