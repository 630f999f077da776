// Every text colour of the stylesheet against the background it is shown on: at least 4.5:1 (WCAG AA
// for normal text). A rule with its own background is measured against it; a rule with a colour only
// against the page and panel backgrounds, or, inside the header, against the header's brand colour.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../public/css/app.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const vars = Object.fromEntries([...css.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));

function resolve(value: string): string {
  let v = value;
  for (let i = 0; i < 5; i++) v = v.replace(/var\((--[\w-]+)\)/g, (_, name: string) => vars[name] ?? '');
  return v;
}

/** The first #hex colour of a value (6 digits), or null (transparent, inherit, rgba…). */
function hex(value: string): string | null {
  const m = /#([0-9a-f]{3,8})\b/i.exec(resolve(value));
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return h.slice(0, 6).toLowerCase();
}

function luminance(h: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Selectors whose text sits on the blue header bar. */
const ON_HEADER = /^\.(brand|main-nav|nav-menu|lang-switch|site-header)\b/;
const PAGE_BACKGROUNDS = [hex('var(--surface)')!, hex('var(--bg)')!];
const HEADER = hex('var(--brand)')!;

function pairs(): Array<{ rule: string; fg: string; bg: string }> {
  const found: Array<{ rule: string; fg: string; bg: string }> = [];
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const rule = m[1]!.trim().replace(/\s+/g, ' ');
    if (rule.startsWith('@') || rule === ':root') continue;
    const decls = new Map(
      m[2]!
        .split(';')
        .map((d) => d.split(':'))
        .filter((p) => p.length >= 2)
        .map(([k, ...v]) => [k!.trim(), v.join(':')] as const),
    );
    const fg = decls.has('color') ? hex(decls.get('color')!) : null;
    if (!fg) continue;
    const own = decls.get('background') ?? decls.get('background-color');
    const bg = own ? hex(own) : null;
    const backgrounds = bg ? [bg] : ON_HEADER.test(rule) ? [HEADER] : PAGE_BACKGROUNDS;
    for (const b of backgrounds) found.push({ rule, fg, bg: b });
  }
  return found;
}

describe('colour contrast of app.css', () => {
  it('the measure is right (WCAG examples)', () => {
    expect(contrast('000000', 'ffffff')).toBeCloseTo(21, 5);
    expect(contrast('17803d', 'e7f6ec')).toBeCloseTo(4.48, 2);
  });

  it('every text colour reaches 4.5:1 on its background', () => {
    const all = pairs();
    expect(all.length).toBeGreaterThan(50);
    const low = all.filter((p) => contrast(p.fg, p.bg) < 4.5).map((p) => `${p.rule}: #${p.fg} on #${p.bg} = ${contrast(p.fg, p.bg).toFixed(2)}`);
    expect(low).toEqual([]);
  });
});
