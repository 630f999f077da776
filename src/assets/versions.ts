// Static files (public/, served at /static/*) are linked with a version taken from their content, so a
// browser may keep each one for a year without asking again: a changed file gets a new URL.

/** path under public/ (e.g. 'css/app.css') → a short hash of the file's content */
export type AssetVersions = Readonly<Record<string, string>>;

/** Browsers and proxies keep a versioned file for a year and never revalidate it. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The URL of a static file, with its version when it is known (tests without static files have none). */
export function assetUrl(versions: AssetVersions, path: string): string {
  const version = versions[path];
  return version ? `/static/${path}?v=${version}` : `/static/${path}`;
}

/** The file a /static/… request names, and whether it asks for the version that is served now. */
export function requestedAsset(versions: AssetVersions, url: URL): { path: string; current: boolean } {
  const raw = url.pathname.replace(/^\/static\//, '');
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // a malformed escape names no file: left as it is, it matches none and gets the 404 page
  }
  const version = url.searchParams.get('v');
  return { path, current: version !== null && versions[path] === version };
}
