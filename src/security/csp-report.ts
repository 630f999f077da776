import type { Context } from 'hono';
import type { AppEnv } from '../env.js';

export const CSP_REPORT_PATH = '/csp-report';

/** The largest violation report accepted (a browser's report is well under 2 KB). */
export const CSP_REPORT_MAX_BYTES = 16 * 1024;
const MAX_REPORTS = 10;

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 300) : undefined);

/** One violation, from either format: report-uri's `csp-report` object or a Reporting API report's body. */
function violation(report: Record<string, unknown>): Record<string, string | undefined> {
  const r = report;
  return {
    document: text(r['document-uri'] ?? r.documentURL),
    directive: text(r['effective-directive'] ?? r.effectiveDirective ?? r['violated-directive']),
    blocked: text(r['blocked-uri'] ?? r.blockedURL),
    source: text(r['source-file'] ?? r.sourceFile),
    line: text(r['line-number'] ?? r.lineNumber),
    sample: text(r['script-sample'] ?? r.sample),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * POST /csp-report: browsers send Content-Security-Policy violations here (report-uri: a `csp-report`
 * object; report-to: a JSON array of reports). Each is logged as a warning with the request id; the
 * history is not written (anyone may post here, so it must cost nothing to store). Always 204.
 */
export async function receiveCspReport(c: Context<AppEnv>): Promise<Response> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await c.req.text());
  } catch {
    parsed = null;
  }
  const reports = Array.isArray(parsed)
    ? parsed.filter(isObject).filter((r) => r.type === 'csp-violation' && isObject(r.body)).map((r) => r.body as Record<string, unknown>)
    : isObject(parsed) && isObject(parsed['csp-report'])
      ? [parsed['csp-report']]
      : [];
  for (const report of reports.slice(0, MAX_REPORTS)) {
    c.get('deps').logger.warn('csp violation', { requestId: c.get('requestId'), ip: c.get('clientIp'), ...violation(report) });
  }
  return c.body(null, 204);
}
