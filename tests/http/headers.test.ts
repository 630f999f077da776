import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, setupTestApp, signedInUser, type TestContext } from '../support/app.js';

/** HSTS only over https, Permissions-Policy, and the CSP report endpoint. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await setupTestApp();
});
afterAll(() => ctx?.close());

const report = (body: string, type: string, headers: Record<string, string> = {}) =>
  ctx.app.request(`${ORIGIN}/csp-report`, { method: 'POST', body, headers: { 'Content-Type': type, 'x-test-ip': '10.60.0.1', ...headers } });

describe('Strict-Transport-Security', () => {
  it('is not sent over plain http', async () => {
    expect((await ctx.agent().get('/login')).headers.get('strict-transport-security')).toBeNull();
  });

  it('is sent over https (the request, a proxy saying so, or PUBLIC_ORIGIN)', async () => {
    const direct = await ctx.app.request('https://localhost/login');
    expect(direct.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect((await ctx.agent().get('/login', { 'X-Forwarded-Proto': 'https' })).headers.get('strict-transport-security')).toBe('max-age=31536000');
    const saved = ctx.config.publicOrigin;
    ctx.config.publicOrigin = 'https://safety.example.gov.cn';
    try {
      expect((await ctx.agent().get('/login')).headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      ctx.config.publicOrigin = saved;
    }
  });
});

describe('Permissions-Policy', () => {
  it('denies the powerful features the app never uses, on pages and errors alike', async () => {
    for (const res of [await ctx.agent().get('/login'), await ctx.agent().get('/nowhere')]) {
      const policy = res.headers.get('permissions-policy') ?? '';
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) expect(policy).toContain(feature);
    }
  });
});

describe('CSP violation reports', () => {
  it('the policy names the endpoint both ways (report-uri and report-to)', async () => {
    const res = await ctx.agent().get('/login');
    expect(res.headers.get('content-security-policy')).toMatch(/report-uri \/csp-report; report-to csp/);
    expect(res.headers.get('reporting-endpoints')).toBe('csp="/csp-report"');
  });

  it('logs a report-uri report (application/csp-report) and answers 204 without a session or Origin', async () => {
    const body = JSON.stringify({ 'csp-report': { 'document-uri': 'http://localhost/hazards', 'violated-directive': 'script-src', 'blocked-uri': 'https://evil.example/x.js' } });
    const res = await report(body, 'application/csp-report');
    expect(res.status).toBe(204);
    const logged = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'csp violation' && l.blocked === 'https://evil.example/x.js');
    expect(logged).toMatchObject({ level: 'warn', directive: 'script-src', document: 'http://localhost/hazards', ip: '10.60.0.1' });
  });

  it('logs Reporting API reports (application/reports+json), ignoring other report types', async () => {
    const body = JSON.stringify([
      { type: 'csp-violation', url: 'http://localhost/', body: { documentURL: 'http://localhost/inbox', effectiveDirective: 'img-src', blockedURL: 'https://tracker.example/p.gif' } },
      { type: 'deprecation', body: { id: 'x' } },
    ]);
    expect((await report(body, 'application/reports+json')).status).toBe(204);
    const logged = ctx.logs.filter((l) => l.includes('csp violation'));
    expect(logged.some((l) => l.includes('tracker.example') && l.includes('img-src'))).toBe(true);
    expect(logged.some((l) => l.includes('deprecation'))).toBe(false);
  });

  it('refuses a body over 16 KB (413) and shrugs at junk (204)', async () => {
    expect((await report('x'.repeat(17 * 1024), 'application/csp-report')).status).toBe(413);
    expect((await report('not json', 'application/csp-report')).status).toBe(204);
    expect((await report('{"csp-report": 5}', 'application/csp-report')).status).toBe(204);
  });

  it('works the same for a signed-in browser (no session needed, none touched)', async () => {
    const { agent } = await signedInUser(ctx, 'leader');
    const res = await agent.request('/csp-report', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/csp-report' } });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
