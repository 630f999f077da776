/**
 * Search for Chinese text of any length. Trigram indexes cannot answer one- or two-character queries, so
 * each hazard stores the single characters and character pairs of its number, location and description
 * (searchTokens), GIN-indexed. A query becomes the tokens it must contain (the pairs of each word, or
 * the single character of a one-character word); an ILIKE on the text then confirms the exact phrase.
 */

/** Lower-case, full-width → half-width; split into words of letters, digits and CJK characters. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Every character and every adjacent pair of characters of each word, de-duplicated. */
export function searchTokens(...texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const word of searchWords(text)) {
      const chars = [...word];
      chars.forEach((ch, i) => {
        tokens.add(ch);
        if (i + 1 < chars.length) tokens.add(ch + chars[i + 1]);
      });
    }
  }
  return [...tokens];
}

/** The tokens a hazard must have to match the query; empty when the query has no searchable characters. */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const word of searchWords(query).slice(0, 8)) {
    const chars = [...word].slice(0, 40);
    if (chars.length === 1) tokens.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  }
  return [...tokens];
}

/** ILIKE patterns confirming each word of the query appears as typed (pairs alone do not fix the order). */
export function queryPatterns(query: string): string[] {
  return searchWords(query)
    .slice(0, 8)
    .map((w) => `%${w.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
}
