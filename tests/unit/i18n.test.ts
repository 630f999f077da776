import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { catalogues, isMessageKey, pickLocale, translator } from '../../src/i18n/index.js';
import { zhCN } from '../../src/i18n/zh-CN.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const zhKeys = Object.keys(zhCN).sort();
    const enKeys = Object.keys(en).sort();
    expect(enKeys.filter((k) => !(k in zhCN))).toEqual([]);
    expect(zhKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys).toEqual(zhKeys);
  });

  it('has no empty (or whitespace-only) messages', () => {
    for (const [locale, messages] of Object.entries(catalogues)) {
      const empty = Object.entries(messages)
        .filter(([, text]) => typeof text !== 'string' || text.trim() === '')
        .map(([key]) => `${locale}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('uses the same {placeholders} in both languages for every key', () => {
    const differing: string[] = [];
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      const zh = placeholders(zhCN[key]);
      const english = placeholders(en[key] ?? '');
      if (JSON.stringify(zh) !== JSON.stringify(english)) differing.push(`${key}: zh-CN {${zh.join(',')}} vs en {${english.join(',')}}`);
    }
    expect(differing).toEqual([]);
  });

  it('has no unbalanced braces that would look like a broken placeholder', () => {
    const broken: string[] = [];
    for (const [locale, messages] of Object.entries(catalogues)) {
      for (const [key, text] of Object.entries(messages)) {
        const stripped = text.replace(/\{\w+\}/g, '');
        if (/[{}]/.test(stripped)) broken.push(`${locale}:${key}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones in place', () => {
    const t = translator('en');
    expect(t('auth.slowDown', { seconds: 4 })).toBe('Too many attempts. Please try again in 4 seconds.');
    expect(t('auth.slowDown', {})).toContain('{seconds}');
    expect(translator('zh-CN')('auth.locked', { minutes: 15 })).toContain('15 分钟');
  });

  it('recognises catalogue keys', () => {
    expect(isMessageKey('validation.required')).toBe(true);
    expect(isMessageKey('no.such.key')).toBe(false);
  });

  it('picks a supported locale from loose input', () => {
    expect(pickLocale('en')).toBe('en');
    expect(pickLocale('en-GB')).toBe('en');
    expect(pickLocale('zh-CN')).toBe('zh-CN');
    expect(pickLocale('zh-Hans')).toBe('zh-CN');
    expect(pickLocale('fr')).toBeUndefined();
    expect(pickLocale('')).toBeUndefined();
    expect(pickLocale(undefined)).toBeUndefined();
  });
});
