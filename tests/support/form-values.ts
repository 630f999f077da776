/**
 * Hostile form bodies for the form fuzz test (tests/http/form-fuzz.test.ts): field names the app's forms
 * use, values a browser would never send, and the two encodings a browser can send them in — built as raw
 * bytes, so a body can hold what no string can (invalid UTF-8).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** Every field name the forms of the app render (name="…" in views and name: '…' in admin specs). */
export function formFieldNames(root = process.cwd()): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.tsx?$/.test(entry.name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bname(?:=\{?|: )['"]([A-Za-z_][\w]*)['"]/g)) names.add(m[1]!);
      }
    }
  };
  visit(join(root, 'views'));
  visit(join(root, 'src'));
  return [...names].sort();
}

/** A value as raw bytes: most are text; some are not valid UTF-8 at all. */
export type RawValue = Uint8Array<ArrayBuffer>;
const utf8 = (s: string): RawValue => new TextEncoder().encode(s);

const EDGE_TEXT = [
  '', ' ', '0', '-1', '1.5', '-0', '1e30', '-1e30', '2147483647', '2147483648', '-2147483649', '99999999999',
  '9007199254740993', '1'.repeat(400), 'NaN', 'Infinity', '0x10', ' 1', '1 ', '+1', 'abc', 'true', 'on', 'null', 'undefined',
  '[]', '{}', '__proto__', 'constructor', '2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31T23:59', '2026-01-01T25:61',
  '-2026-01-01', '00000000-0000-4000-8000-000000000000', 'not-a-uuid', '../../etc/passwd', '%00', '\0', 'a\0b',
  '\r\n', '/\t/evil.example', '//evil.example', '<script>alert(1)</script>', "' OR 1=1 --", '\u202e', '\ud800', '😀'.repeat(50),
];

/** Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong NUL, 0xFF. */
const BAD_UTF8: RawValue[] = [[0x80], [0xc3], [0xe2, 0x82], [0xc0, 0x80], [0xff, 0xfe], [0xed, 0xa0, 0x80]].map((b) => Uint8Array.from(b));

/** Values of the fixture records, so some generated forms name records that exist. */
export function rawValue(known: string[]): fc.Arbitrary<RawValue> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...EDGE_TEXT).map(utf8) },
    { weight: 2, arbitrary: fc.constantFrom(...(known.length ? known : ['1'])).map(utf8) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })).map((n) => utf8(String(n))) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(utf8) },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => utf8(`${a}\0${b}`)) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 60_000 }).map((n) => utf8('长'.repeat(n))) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...BAD_UTF8)).map(([s, bad]) => concat([utf8(s), bad])) },
  );
}

export type Field = [name: string, value: RawValue];

/** Fields of one body: known names (some repeated), a few unknown ones. */
export function fields(names: string[], known: string[]): fc.Arbitrary<Field[]> {
  const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) });
  const one = fc.tuple(name, rawValue(known), fc.integer({ min: 1, max: 4 }));
  return fc.array(one, { maxLength: 14 }).map((list) => list.flatMap(([n, v, times]) => Array.from({ length: times }, () => [n, v] as Field)));
}

function concat(parts: Uint8Array[]): RawValue {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const percent = (bytes: Uint8Array) => [...bytes].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');

export interface EncodedBody {
  contentType: string;
  body: RawValue;
}

export function urlencoded(list: Field[]): EncodedBody {
  const body = list.map(([n, v]) => `${percent(utf8(n))}=${percent(v)}`).join('&');
  return { contentType: 'application/x-www-form-urlencoded', body: utf8(body) };
}

/** Multipart with the raw bytes as they are; `file` adds a small file part (for the upload routes). */
export function multipart(list: Field[], file?: { field: string; name: string; bytes: Uint8Array }): EncodedBody {
  const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
  const parts: Uint8Array[] = [];
  for (const [n, v] of list) {
    parts.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name="${n.replace(/["\r\n]/g, '_')}"\r\n\r\n`), v, utf8('\r\n'));
  }
  if (file) {
    parts.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name.replace(/["\r\n]/g, '_')}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, utf8('\r\n'));
  }
  parts.push(utf8(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: concat(parts) };
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
};

/**
 * The POST forms of a page, by action path: what a browser would send untouched (hidden values such as
 * the record's version, the selected or first option, checked boxes; an empty text box gets a word).
 * The fuzz test starts from these, so a hostile value also reaches the code behind the validation.
 */
export function formsOf(html: string, pagePath: string): Map<string, Field[]> {
  const forms = new Map<string, Field[]>();
  for (const [, open, inner] of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)) {
    if ((attr(open!, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = (attr(open!, 'action') ?? pagePath).split('?')[0]!;
    const list: Field[] = [];
    for (const [tag] of inner!.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(tag, 'name');
      const type = (attr(tag, 'type') ?? 'text').toLowerCase();
      if (!name || type === 'file' || type === 'submit') continue;
      if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag) && list.some(([n]) => n === name)) continue;
      const value = attr(tag, 'value') ?? '';
      list.push([name, utf8(value || (type === 'number' ? '1' : type === 'date' ? '2099-01-01' : type === 'datetime-local' ? '2099-01-01T09:00' : '测试'))]);
    }
    for (const [, open2, options] of inner!.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
      const name = attr(open2!, 'name');
      const chosen = /<option\b[^>]*\sselected\b[^>]*>/.exec(options!)?.[0] ?? [...options!.matchAll(/<option\b[^>]*value="[^"]+"[^>]*>/g)][0]?.[0];
      if (name && chosen) list.push([name, utf8(attr(chosen, 'value') ?? '')]);
    }
    for (const [, open3, text] of inner!.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
      const name = attr(open3!, 'name');
      if (name) list.push([name, utf8(decode(text!) || '测试')]);
    }
    if (!forms.has(action)) forms.set(action, list);
  }
  return forms;
}

/** A page's form with some of its fields replaced by hostile ones and some hostile ones added. */
export function mutated(base: Field[], names: string[], known: string[]): fc.Arbitrary<Field[]> {
  if (!base.length) return fields(names, known);
  const replaceAt = fc.array(fc.tuple(fc.nat(base.length - 1), rawValue(known)), { minLength: 1, maxLength: 3 });
  return fc.tuple(replaceAt, fields(names, known), fc.boolean()).map(([replaced, extra, addExtra]) => {
    const list = base.map(([n, v]) => [n, v] as Field);
    for (const [at, value] of replaced) list[at] = [list[at]![0], value];
    return addExtra ? [...list, ...extra.slice(0, 4)] : list;
  });
}
