// Node only: HTML responses (pages, fragments, error pages) compressed with brotli or gzip. Pages are
// rendered whole, never streamed, so the body is read, measured and compressed in one piece: a small
// answer is left alone, and no per-request stream is set up (hono's compress middleware, built on
// CompressionStream, made even a 2-byte /healthz five times slower). Other types (CSV exports streamed
// page by page, files, photos) are left as they are. Workers compress by themselves.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

/** Below this, compressing saves less than the headers and the work cost. */
const MIN_BYTES = 1024;

/** 'br' or 'gzip' when the client accepts it (q > 0), brotli first. */
function chooseEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) accepted.add(name.trim());
  }
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
}

export const compressPages: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const res = c.res;
  if (c.req.method === 'HEAD' || !res.body || res.headers.has('Content-Encoding')) return;
  if (!(res.headers.get('Content-Type') ?? '').startsWith('text/html')) return;
  const vary = res.headers.get('Vary');
  const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
  const body = new Uint8Array(await res.arrayBuffer());
  // Edited in place: hono copies the old response's headers onto the one assigned to c.res.
  const headers = res.headers;
  // The answer depends on Accept-Encoding whether or not this one was compressed.
  if (!vary || !/accept-encoding/i.test(vary)) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  let out: Uint8Array<ArrayBuffer> = body;
  if (encoding && body.length >= MIN_BYTES) {
    // Quality 5 / level 6: most of the gain for a fraction of the time of the maximum (pages change each time).
    const packed = encoding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }) : gzipSync(body, { level: 6 });
    out = new Uint8Array(packed);
    headers.set('Content-Encoding', encoding);
  }
  headers.set('Content-Length', String(out.length));
  c.res = new Response(out, { status: res.status, statusText: res.statusText, headers });
};
