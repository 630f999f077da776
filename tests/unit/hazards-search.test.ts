import { describe, expect, it } from 'vitest';
import { searchPlan, searchTokens, searchWords } from '../../src/hazards/search.js';

describe('hazard search', () => {
  it('splits words on punctuation and spaces, folding width and case', () => {
    expect(searchWords('ZJ-2026-000123 食堂，燃气 ＡＢ')).toEqual(['zj', '2026', '000123', '食堂', '燃气', 'ab']);
  });

  it('indexes single characters and pairs', () => {
    const tokens = searchTokens('食堂燃气');
    expect(tokens).toEqual(expect.arrayContaining(['食', '堂', '燃', '气', '食堂', '堂燃', '燃气']));
    expect(tokens).not.toContain('食堂燃');
  });

  it('finds one- and two-character words by token, longer ones by pattern', () => {
    expect(searchPlan('燃')).toEqual({ tokens: ['燃'], patterns: [] });
    expect(searchPlan('燃气')).toEqual({ tokens: ['燃气'], patterns: [] });
    expect(searchPlan('燃气管')).toEqual({ tokens: [], patterns: ['%燃气管%'] });
    expect(searchPlan('ZJ-2026-000123')).toEqual({ tokens: ['zj'], patterns: ['%2026%', '%000123%'] });
  });

  it('every short word found in a text is among its tokens', () => {
    const tokens = new Set(searchTokens('学校食堂燃气管道老化，存在泄漏风险'));
    for (const q of ['燃', '燃气', '食堂', '风险']) expect(searchPlan(q).tokens.every((t) => tokens.has(t))).toBe(true);
    expect(searchPlan('消防').tokens.every((t) => tokens.has(t))).toBe(false);
  });

  it('has nothing to search for punctuation only, and escapes LIKE wildcards', () => {
    expect(searchPlan('，。!!')).toEqual({ tokens: [], patterns: [] });
    expect(searchPlan('50%_x')).toEqual({ tokens: ['50', 'x'], patterns: [] });
  });
});
