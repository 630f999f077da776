import { describe, expect, it } from 'vitest';
import { queryPatterns, queryTokens, searchTokens, searchWords } from '../../src/hazards/search.js';

describe('hazard search tokens', () => {
  it('splits words on punctuation and spaces, folding width and case', () => {
    expect(searchWords('ZJ-2026-000123 食堂，燃气 ＡＢ')).toEqual(['zj', '2026', '000123', '食堂', '燃气', 'ab']);
  });

  it('indexes single characters and pairs', () => {
    const tokens = searchTokens('食堂燃气');
    expect(tokens).toEqual(expect.arrayContaining(['食', '堂', '燃', '气', '食堂', '堂燃', '燃气']));
    expect(tokens).not.toContain('食堂燃');
  });

  it('a one-character query needs that character, a longer one its pairs', () => {
    expect(queryTokens('燃')).toEqual(['燃']);
    expect(queryTokens('燃气')).toEqual(['燃气']);
    expect(queryTokens('燃气管')).toEqual(['燃气', '气管']);
    expect(queryTokens('000123')).toContain('00');
  });

  it('every query token of a phrase in the text is among the text tokens', () => {
    const text = '学校食堂燃气管道老化，存在泄漏风险';
    const tokens = new Set(searchTokens(text));
    for (const q of ['燃', '燃气', '燃气管道', '泄漏风险', '学校食堂']) {
      expect(queryTokens(q).every((t) => tokens.has(t))).toBe(true);
    }
    expect(queryTokens('消防').every((t) => tokens.has(t))).toBe(false);
  });

  it('has no searchable tokens for punctuation only, and escapes LIKE wildcards', () => {
    expect(queryTokens('，。!!')).toEqual([]);
    expect(queryPatterns('50%_x')).toEqual(['%50%', '%x%']);
  });
});
