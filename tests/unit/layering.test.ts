// The layering the architecture promises, checked on the source: views take their words and types from
// the domain modules (never the database schema or a service), and nobody silences the types with `as never`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

describe('layering', () => {
  it('views import nothing from src/db or from a service', () => {
    const offenders = files('views').filter((f) => /from '[^']*src\/(db\/|[^']*service\.js')/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no `as never` casts in src/ and views/', () => {
    const offenders = [...files('src'), ...files('views')].filter((f) => /\bas never\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('views do not decide by role: they are given what the policy allows', () => {
    const offenders = files('views').filter((f) => /\buser\??\.role\s*[!=]==/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('history event kinds', () => {
  it('every hazard event kind has its timeline text in both catalogues', async () => {
    const { HAZARD_EVENTS } = await import('../../src/lib/event-kinds.js');
    const { catalogues } = await import('../../src/i18n/index.js');
    for (const catalogue of Object.values(catalogues)) {
      expect(HAZARD_EVENTS.filter((k) => !(`event.${k}` in catalogue))).toEqual([]);
    }
  });
});
