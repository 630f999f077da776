import type { Locale } from '../db/schema/auth.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export type MessageKey = keyof typeof zhCN;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Looks a key up in the locale's catalogue and fills {placeholders}. */
export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) => {
    const template = messages[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** True when the string is a catalogue key (zod messages carry keys, not prose). */
export function isMessageKey(value: string): value is MessageKey {
  return value in zhCN;
}

export function pickLocale(value: string | undefined | null): Locale | undefined {
  if (!value) return undefined;
  if (value === 'en' || value.toLowerCase().startsWith('en')) return 'en';
  if (value.toLowerCase().startsWith('zh')) return 'zh-CN';
  return undefined;
}
