// Node only: public/ read once at start, each file hashed (its version) and compressed with brotli and
// gzip ahead of time, and served from memory. Workers serve the same files from their assets binding,
// which compresses by itself (src/worker.ts).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { IMMUTABLE, requestedAsset, type AssetVersions } from './versions.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.json', '.txt', '.ico']);

type Bytes = Uint8Array<ArrayBuffer>;
/** A copy on its own ArrayBuffer (what a Response body takes); files are small and copied once. */
const bytes = (b: Buffer): Bytes => new Uint8Array(b);

interface StaticFile {
  type: string;
  version: string;
  etag: string;
  identity: Bytes;
  br?: Bytes;
  gzip?: Bytes;
}

export interface StaticFiles {
  versions: AssetVersions;
  serve: MiddlewareHandler<AppEnv>;
}

/** Short content hash: enough to tell versions of one file apart. */
export const contentVersion = (content: Buffer): string => createHash('sha256').update(content).digest('base64url').slice(0, 12);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}

function load(path: string): StaticFile {
  const identity = readFileSync(path);
  const ext = extname(path).toLowerCase();
  const version = contentVersion(identity);
  const file: StaticFile = { type: TYPES[ext] ?? 'application/octet-stream', version, etag: `"${version}"`, identity: bytes(identity) };
  if (COMPRESSIBLE.has(ext) && identity.length > 512) {
    const br = brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } });
    const gzip = gzipSync(identity, { level: 9 });
    if (br.length < identity.length) file.br = bytes(br);
    if (gzip.length < identity.length) file.gzip = bytes(gzip);
  }
  return file;
}

/** The encodings the client accepts (q > 0), from Accept-Encoding. */
function accepted(header: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) names.add(name.trim());
  }
  return names;
}

/** Reads every file of `root` into memory and returns its versions and the /static/* middleware. */
export function loadStaticFiles(root: string): StaticFiles {
  const files = new Map<string, StaticFile>();
  for (const path of listFiles(root)) files.set(relative(root, path).split(sep).join('/'), load(path));
  const versions: AssetVersions = Object.fromEntries([...files].map(([path, f]) => [path, f.version]));

  const serve: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const { path, current } = requestedAsset(versions, new URL(c.req.url));
    const file = files.get(path);
    if (!file) return next();
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      ETag: file.etag,
      // A versioned URL never changes; an unversioned (or outdated) one is checked each time.
      'Cache-Control': current ? IMMUTABLE : 'no-cache',
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    };
    if (c.req.header('If-None-Match') === file.etag) return new Response(null, { status: 304, headers });
    const encodings = accepted(c.req.header('Accept-Encoding'));
    const [body, encoding] = file.br && encodings.has('br') ? [file.br, 'br'] : file.gzip && encodings.has('gzip') ? [file.gzip, 'gzip'] : [file.identity, null];
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(body.length);
    return new Response(c.req.method === 'HEAD' ? null : body, { status: 200, headers });
  };
  return { versions, serve };
}
