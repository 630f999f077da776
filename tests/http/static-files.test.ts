import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStaticFiles } from '../../src/assets/node-files.js';
import { compressPages } from '../../src/assets/compress-pages.js';
import { IMMUTABLE } from '../../src/assets/versions.js';
import { ORIGIN, setupTestApp, type TestContext } from '../support/app.js';

/** Static files as the Node server serves them: versioned URLs kept for a year, precompressed; pages compressed. */
const publicRoot = fileURLToPath(new URL('../../public', import.meta.url));
const files = loadStaticFiles(publicRoot);
const css = readFileSync(`${publicRoot}/css/app.css`);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await setupTestApp({}, undefined, { serveStatic: files.serve, assetVersions: files.versions, compressPages });
});
afterAll(() => ctx?.close());

const get = (path: string, headers: Record<string, string> = {}) => ctx.app.request(`${ORIGIN}${path}`, { headers });

describe('pages', () => {
  it('are HTML documents with a doctype, linking every static file with its version', async () => {
    const html = await (await get('/login')).text();
    expect(html.startsWith('<!DOCTYPE html><html lang="zh-CN">')).toBe(true);
    for (const path of ['css/app.css', 'vendor/htmx.min.js', 'js/page.js', 'icon.svg']) {
      expect(html).toContain(`/static/${path}?v=${files.versions[path]}`);
    }
  });

  it('are compressed with brotli or gzip for a browser that accepts it, and plain for one that does not', async () => {
    const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, '');
    const plain = await get('/login');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    const page = withoutNonces(await plain.text());

    const br = await get('/login', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(br.headers.get('content-length')).toBe(String(brBytes.length));
    expect(withoutNonces(brotliDecompressSync(brBytes).toString())).toBe(page);

    const gzip = await get('/login', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(withoutNonces(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString())).toBe(page);
  });

  it('answers that are not HTML, or too small to gain, are left alone', async () => {
    const health = await get('/healthz', { 'Accept-Encoding': 'gzip, br' });
    expect(health.headers.get('content-encoding')).toBeNull();
    expect(await health.text()).toBe('ok');
  });
});

describe('a static file', () => {
  const versioned = `/static/css/app.css?v=${files.versions['css/app.css']}`;

  it('under its current version is kept for a year, brotli for browsers that take it, gzip or plain otherwise', async () => {
    const br = await get(versioned, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(br.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(css.length / 3);
    expect(brotliDecompressSync(brBody).equals(css)).toBe(true);

    const gzip = await get(versioned, { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).equals(css)).toBe(true);

    const refused = await get(versioned, { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await refused.arrayBuffer()).equals(css)).toBe(true);
  });

  it('without its version (or under an old one) is checked each time, and not sent again when unchanged', async () => {
    for (const path of ['/static/css/app.css', '/static/css/app.css?v=old']) {
      const res = await get(path);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const again = await get(path, { 'If-None-Match': res.headers.get('etag')! });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('that does not exist gets the app’s 404 page; a HEAD request gets headers only', async () => {
    expect((await get('/static/css/missing.css')).status).toBe(404);
    expect((await get('/static/css/%E0%A4%A.css')).status).toBe(404);
    const head = await ctx.app.request(`${ORIGIN}${versioned}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(css.length));
    expect(await head.text()).toBe('');
  });
});
